package io.github.cometdboot.server.session;

import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.CometSession;
import io.github.cometdboot.DisconnectReason;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The server side of one Bayeux client: created by a successful handshake, it outlives the
 * connections that carry it, and buffers messages for it in a bounded queue between them.
 */
public final class ServerSession implements CometSession {

	private final String id;

	private final @Nullable String browserId;

	private final long createdAt;

	private final SessionQueue queue;

	private final WakeupSlot heldConnect = new WakeupSlot();

	private final AtomicInteger heldConnects = new AtomicInteger();

	private final Set<ChannelId> subscriptions = ConcurrentHashMap.newKeySet();

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	private volatile String transport;

	private volatile long lastSeen;

	private volatile long advisedInterval;

	private volatile @Nullable Principal principal;

	private volatile boolean connected;

	private volatile @Nullable DisconnectReason endReason;

	private volatile @Nullable AcknowledgedDelivery acknowledgements;

	private final RecoveryBuffer recoveries = new RecoveryBuffer();

	private volatile @Nullable Hub hub;

	public ServerSession(String id, @Nullable String browserId, String transport, long now, SessionSettings settings) {
		this.id = id;
		this.advisedInterval = settings.interval().toMillis();
		this.browserId = browserId;
		this.transport = transport;
		this.createdAt = now;
		this.lastSeen = now;
		this.queue = new SessionQueue(settings.maxQueue(), settings.overflowPolicy());
	}

	/** @return the {@code clientId} */
	@Override
	public String id() {
		return this.id;
	}

	/** @return the id of the browser (its {@code BAYEUX_BROWSER} cookie), if known */
	public @Nullable String browserId() {
		return this.browserId;
	}

	/** @return the connection type of the latest request */
	@Override
	public String transport() {
		return this.transport;
	}

	/** @return when the session was created, in the server scheduler's milliseconds */
	public long createdAt() {
		return this.createdAt;
	}

	/** @return the channels and wildcards this session subscribes to */
	@Override
	public Set<ChannelId> subscriptions() {
		return Collections.unmodifiableSet(this.subscriptions);
	}

	/** @return free attributes, for applications and extensions */
	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	/** @return how many messages wait in the queue */
	public int queueSize() {
		return this.queue.size();
	}

	/** @return how many messages the drop-oldest policy discarded for this session */
	public long droppedMessages() {
		return this.queue.dropped();
	}

	/** @return whether the session has ended */
	@Override
	public boolean isEnded() {
		return this.ended.get();
	}

	/** @return whether a {@code /meta/connect} of this session is held right now */
	public boolean isConnectHeld() {
		return this.heldConnects.get() > 0;
	}

	public SessionQueue.Offer add(EncodedMessage message) {
		if (this.recoveries.hold(message)) {
			return SessionQueue.Offer.QUEUED;
		}
		return this.queue.add(message);
	}

	public List<EncodedMessage> drain() {
		return this.queue.drain();
	}

	/** While a polling request of the session is processed, its reply takes the messages queued meanwhile. */
	public void startRequest() {
		this.queue.startRequest();
	}

	/** End of {@link #startRequest()}: messages wake the held connect again, and the ones left do now. */
	public void endRequest() {
		this.queue.endRequest();
	}

	/**
	 * Wait for messages in place of the previous waiter (which is woken with {@link Wakeup#REPLACED}).
	 * @param waiter woken with {@link Wakeup#MESSAGES} at once if messages are queued, else when some
	 * arrive, or with {@link Wakeup#SESSION_ENDED}
	 */
	public void awaitMessages(WakeupSlot.Waiter waiter) {
		waitOnQueue(waiter, this.queue::awaitMessages);
	}

	/**
	 * Let a pushing connection's waiter be told of every queued message, in place of the previous
	 * waiter (which is woken with {@link Wakeup#REPLACED}).
	 * @param pusher the waiter
	 */
	public void startPushing(WakeupSlot.Waiter pusher) {
		waitOnQueue(pusher, this.queue::install);
	}

	/** Install a waiter on the queue unless the session ended, which the waiter is then told of. */
	private void waitOnQueue(WakeupSlot.Waiter waiter, Consumer<WakeupSlot.Waiter> install) {
		if (isEnded()) {
			waiter.wake(Wakeup.SESSION_ENDED);
			return;
		}
		install.accept(waiter);
		// end() wakes only a waiter already installed: if it ran meanwhile, wake this one.
		if (isEnded()) {
			this.queue.wake(Wakeup.SESSION_ENDED);
		}
	}

	public void stopPushing(WakeupSlot.Waiter pusher) {
		this.queue.stopPushing(pusher);
	}

	/**
	 * @return whether a pushing connection (a websocket, a stream) carries the session's messages now:
	 * from its start until it ends or a long poll or another connection takes them over
	 */
	public boolean isPushed() {
		return this.queue.isPushed();
	}

	/**
	 * Install a connect as the held one; a previously held connect is woken with {@link Wakeup#REPLACED}.
	 * @param waiter woken when the held connect must be answered early
	 */
	public void holdConnect(WakeupSlot.Waiter waiter) {
		this.heldConnect.install(waiter);
		// end() wakes only a connect already held: if it ran meanwhile, release this one.
		if (isEnded()) {
			this.heldConnect.wake(Wakeup.SESSION_ENDED);
		}
	}

	/** @return {@code true} if this was the first held connect of the session at the moment */
	public boolean connectHoldStarted() {
		return this.heldConnects.incrementAndGet() == 1;
	}

	/** @return {@code true} if no connect of the session is held any more */
	public boolean connectHoldEnded(long now) {
		this.lastSeen = now;
		return this.heldConnects.decrementAndGet() == 0;
	}

	public void seen(long now, String transport) {
		this.lastSeen = now;
		this.transport = transport;
	}

	/** @return {@code true} for the first connect of the session */
	public boolean markConnected() {
		boolean first = !this.connected;
		this.connected = true;
		return first;
	}

	/**
	 * Whether the session stopped connecting: no connect held, and none for longer than
	 * {@code maxInterval} plus the interval the client was last advised to wait.
	 */
	public boolean isExpired(long now, long maxIntervalMillis) {
		return !isConnectHeld() && now - this.lastSeen > maxIntervalMillis + this.advisedInterval;
	}

	/** @return the interval, in milliseconds, the client was last advised to wait between connects */
	public long advisedInterval() {
		return this.advisedInterval;
	}

	public void advisedInterval(long millis) {
		this.advisedInterval = millis;
	}

	/** @return the authenticated user of the handshake request, if any */
	@Override
	public @Nullable Principal principal() {
		return this.principal;
	}

	public void principal(@Nullable Principal principal) {
		this.principal = principal;
	}

	public boolean addSubscription(ChannelId channel) {
		return this.subscriptions.add(channel);
	}

	public boolean removeSubscription(ChannelId channel) {
		return this.subscriptions.remove(channel);
	}

	/** @return why the session ended, or {@code null} while it is live */
	@Override
	public @Nullable DisconnectReason endReason() {
		return this.endReason;
	}

	/** @return {@code true} for the caller that actually ended the session */
	public boolean end(DisconnectReason reason) {
		if (!this.ended.compareAndSet(false, true)) {
			return false;
		}
		this.endReason = reason;
		this.heldConnect.wake(Wakeup.SESSION_ENDED);
		this.queue.wake(Wakeup.SESSION_ENDED);
		return true;
	}

	/** @return whether the client uses the {@code ack} extension: messages travel in connect replies only */
	public boolean isAcknowledging() {
		return this.acknowledgements != null;
	}

	/** @return the acknowledgement state, or {@code null} when the client does not acknowledge */
	public @Nullable AcknowledgedDelivery acknowledgements() {
		return this.acknowledgements;
	}

	/**
	 * @return the number of the last connect reply to an acknowledging client ({@code 0} before the
	 * first, and for a client that does not acknowledge)
	 */
	public long lastBatch() {
		AcknowledgedDelivery delivery = this.acknowledgements;
		return (delivery != null) ? delivery.lastBatch() : 0;
	}

	/**
	 * @return the number of the last connect reply that an acknowledging client said it received
	 * ({@code 0} before the first, and for a client that does not acknowledge)
	 */
	public long acknowledgedBatch() {
		AcknowledgedDelivery delivery = this.acknowledgements;
		return (delivery != null) ? delivery.acknowledgedBatch() : 0;
	}

	/**
	 * Take back messages that the session's previous node sent in a connect reply the client may not
	 * have received; a held connect is woken to send them again.
	 */
	public void resend(long batch, List<EncodedMessage> messages) {
		AcknowledgedDelivery delivery = this.acknowledgements;
		if (delivery != null && delivery.resend(batch, messages)) {
			this.queue.wake(Wakeup.MESSAGES);
		}
	}

	/** Turn acknowledged delivery on, when the handshake asked for it and before the session is used. */
	public void acknowledgeWith(AcknowledgedDelivery delivery) {
		this.acknowledgements = delivery;
	}

	/** Hold back the live messages of a channel while its history is read (see {@link RecoveryBuffer}). */
	public void startRecovery(ChannelId channel) {
		this.recoveries.start(channel);
	}

	/** @return how many messages the queue could not take; see {@link RecoveryBuffer#finish} */
	public int finishRecovery(ChannelId channel, List<EncodedMessage> recovered, long received) {
		int overflow = this.recoveries.finish(channel, recovered, received, this.queue);
		// Woken here, not under the buffer's lock: what the waiter does next runs on this thread.
		if (this.queue.size() > 0) {
			this.queue.wake(Wakeup.MESSAGES);
		}
		return overflow;
	}

	/**
	 * Attach the session to the hub that holds it, through which it delivers and drains.
	 * @param hub the hub's side of its sessions
	 */
	public void attach(Hub hub) {
		this.hub = hub;
	}

	private Hub hub() {
		Hub current = this.hub;
		if (current == null) {
			throw new IllegalStateException("Session " + this.id + " is not held by a server");
		}
		return current;
	}

	@Override
	public boolean deliver(String channel, @Nullable Object data) {
		return hub().deliver(this, channel, data);
	}

	/**
	 * The messages a pushing transport (websocket, streaming) should write for this session, in
	 * batches, as they are queued. It pulls: a batch is taken from the queue only when the subscriber
	 * requests one, so a connection that stops writing leaves the messages in the bounded queue. An
	 * acknowledging session's messages travel in connect replies only, numbered by them (see
	 * {@link AcknowledgedDelivery}), so it pushes nothing.
	 * @return batches of encoded messages, completing when the session ends or another connection takes
	 * over its delivery
	 */
	public Flux<List<EncodedMessage>> outbound() {
		if (isAcknowledging()) {
			return Flux.never();
		}
		Hub current = hub();
		return PushStream.of(this, current::drain);
	}

	@Override
	public String toString() {
		return "ServerSession[" + this.id + ", " + this.transport + "]";
	}

	/**
	 * What the hub does for its sessions: deliver to one, and take a batch off one's queue for writing
	 * (where a cluster engine records, with the take, how far the client was served).
	 */
	public interface Hub {

		/**
		 * Deliver a message to a session.
		 * @param session the session
		 * @param channel the channel
		 * @param data the data
		 * @return whether the session was live to take it
		 */
		boolean deliver(ServerSession session, String channel, @Nullable Object data);

		/**
		 * Take a session's queued messages for a transport to write.
		 * @param session the session
		 * @return the messages, in order
		 */
		List<EncodedMessage> drain(ServerSession session);

	}

}
