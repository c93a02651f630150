package io.github.cometdboot.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.Advice;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.ChannelKind;
import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.history.ChannelHistory;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.SessionListener;
import io.github.cometdboot.ServiceHandler;
import io.github.cometdboot.PublishInterceptor;
import io.github.cometdboot.PublishListener;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.PushStream;
import io.github.cometdboot.server.session.AcknowledgedDelivery;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.session.OverflowPolicy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The Bayeux hub: owns the sessions, the channels and the engine, processes the batches that the
 * transports receive, and prunes sessions that stopped connecting and channels nobody uses.
 * <p>
 * All timing (held connects, pruning) runs on the given {@link Scheduler}, so tests can drive it
 * with a virtual-time scheduler.
 */
public final class BayeuxServer {

	private static final Logger logger = LoggerFactory.getLogger(BayeuxServer.class);

	private final ServerSettings settings;

	private final MessageCodec codec;

	private final BayeuxEngine engine;

	private final ChannelHistory history;

	private final HistorySequencer historySequencer;

	private final Scheduler scheduler;

	private final SessionRegistry sessions;

	private final ChannelRegistry channels = new ChannelRegistry();

	private final PatternRegistry<ServiceHandler> services = new PatternRegistry<>();

	private final PatternRegistry<PublishInterceptor> interceptors = new PatternRegistry<>();

	private final PatternRegistry<PublishListener> publishListeners = new PatternRegistry<>();

	private final PatternRegistry<Consumer<EncodedMessage>> localSubscriptions = new PatternRegistry<>();

	private final LocalDelivery localDelivery;

	private final MessageProcessor processor;

	private final List<String> connectionTypes = new CopyOnWriteArrayList<>();

	private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

	private final CompositeObserver observers = new CompositeObserver();

	private final HubStatistics statistics = new HubStatistics();

	private final SessionHub sessionHub = new SessionHub();

	private volatile @Nullable Disposable sweeper;

	/*
	 * True until the first start: a web server may accept requests a moment before the hub's lifecycle
	 * starts it (Boot starts the web server in an earlier phase), and a session made then would belong to
	 * a hub whose engine does not deliver yet.
	 */
	private volatile boolean stopped = true;

	/**
	 * Create a server.
	 * @param settings the settings
	 * @param codec the JSON codec
	 * @param engine the engine that carries publications
	 * @param policy the security policy
	 * @param scheduler the scheduler for timeouts and pruning
	 */
	public BayeuxServer(ServerSettings settings, MessageCodec codec, BayeuxEngine engine, SecurityPolicy policy,
			Scheduler scheduler) {
		this(settings, codec, engine, policy, scheduler, ChannelHistory.NONE);
	}

	/**
	 * Create a server whose chosen channels keep a history.
	 * @param settings the settings
	 * @param codec the JSON codec
	 * @param engine the engine that carries publications
	 * @param policy the security policy
	 * @param scheduler the scheduler for timeouts and pruning
	 * @param history the channel history ({@link ChannelHistory#NONE} for none)
	 */
	public BayeuxServer(ServerSettings settings, MessageCodec codec, BayeuxEngine engine, SecurityPolicy policy,
			Scheduler scheduler, ChannelHistory history) {
		this.history = history;
		this.historySequencer = new HistorySequencer(history);
		this.settings = settings;
		this.codec = codec;
		this.engine = engine;
		this.scheduler = scheduler;
		this.sessions = new SessionRegistry(settings);
		this.observers.add(this.statistics);
		this.localDelivery = new LocalDelivery(this.sessions, this.channels, this.localSubscriptions, settings.broadcastToPublisher(),
				this::now, this::disconnect, this.observers);
		this.processor = new MessageProcessor(this, policy, this.interceptors, this.services);
	}

	/**
	 * Start the engine and the periodic pruning.
	 */
	public synchronized void start() {
		if (this.sweeper != null) {
			return;
		}
		this.stopped = false;
		this.engine.start(this.localDelivery);
		this.sweeper = Flux.interval(this.settings.sweepPeriod(), this.scheduler).subscribe((tick) -> sweep());
	}

	/**
	 * Stop pruning, end every session (their held connects are answered) and stop the engine.
	 */
	public synchronized void stop() {
		Disposable current = this.sweeper;
		if (current == null) {
			return;
		}
		// Refuse new sessions first, so that none is made while the existing ones are being ended.
		this.stopped = true;
		current.dispose();
		this.sweeper = null;
		// A cluster engine that shares sessions lets the other nodes carry them on.
		DisconnectReason reason = this.engine.sharesSessions() ? DisconnectReason.MOVED : DisconnectReason.SERVER;
		for (ServerSession session : this.sessions.all()) {
			disconnect(session, reason);
		}
		this.engine.stop();
	}

	/**
	 * @return whether the hub makes no new session: before its first {@link #start()}, and from
	 * {@link #stop()} to the next {@link #start()}
	 */
	public boolean isStopped() {
		return this.stopped;
	}

	/** @return whether {@link #start()} was called and {@link #stop()} was not */
	public boolean isRunning() {
		return this.sweeper != null;
	}

	/**
	 * Process a batch of messages received by a transport.
	 * @param messages the messages, in the order received
	 * @param context what the transport knows of the request
	 * @return the encoded replies, in the order to write them
	 */
	public Mono<ProcessedBatch> process(List<Message> messages, TransportContext context) {
		return this.processor.process(messages, context);
	}

	/**
	 * Register a connection type that the handshake advertises.
	 * @param connectionType the Bayeux name, such as {@code websocket}
	 */
	public void addConnectionType(String connectionType) {
		if (!this.connectionTypes.contains(connectionType)) {
			this.connectionTypes.add(connectionType);
		}
	}

	/** @return the advertised connection types, in registration order */
	public List<String> connectionTypes() {
		return List.copyOf(this.connectionTypes);
	}

	/**
	 * Register a handler for the service channels matching a pattern.
	 * @param pattern a {@code /service/**} channel pattern, such as {@code /service/echo}
	 * @param handler the handler
	 * @return a disposable that removes the handler
	 */
	public Disposable addService(String pattern, ServiceHandler handler) {
		return addService(ChannelPattern.of(pattern), handler);
	}

	/**
	 * Register a handler for the service channels matching a pattern.
	 * @param pattern a {@code /service/**} channel pattern
	 * @param handler the handler
	 * @return a disposable that removes the handler
	 */
	public Disposable addService(ChannelPattern pattern, ServiceHandler handler) {
		if (pattern.kind() != ChannelKind.SERVICE) {
			throw new IllegalArgumentException("Not a service channel pattern: " + pattern);
		}
		return this.services.add(pattern, handler);
	}

	/**
	 * Register an interceptor for client publishes on the channels matching a pattern.
	 * @param pattern a broadcast or service channel pattern
	 * @param interceptor the interceptor
	 * @return a disposable that removes the interceptor
	 */
	public Disposable addInterceptor(ChannelPattern pattern, PublishInterceptor interceptor) {
		return this.interceptors.add(pattern, interceptor);
	}

	/**
	 * Register a listener for the publishes on the broadcast channels matching a pattern.
	 * @param pattern a broadcast channel pattern
	 * @param listener the listener
	 * @return a disposable that removes the listener
	 */
	public Disposable addListener(ChannelPattern pattern, PublishListener listener) {
		if (pattern.kind() != ChannelKind.BROADCAST) {
			throw new IllegalArgumentException("Not a broadcast channel pattern: " + pattern);
		}
		return this.publishListeners.add(pattern, listener);
	}

	/**
	 * Subscribe on the server side: the messages delivered on this node for the broadcast channels
	 * matching a pattern, as a flux. A subscriber that falls behind loses the oldest messages beyond
	 * {@code maxQueue}, like a client's queue.
	 * @param pattern a broadcast channel pattern, such as {@code /stocks/**}
	 * @return the messages, from subscription until cancellation
	 */
	public Flux<Message> subscribe(String pattern) {
		ChannelPattern parsed = ChannelPattern.of(pattern);
		return Flux.<Message>create((sink) -> {
			Disposable registration = this.localSubscriptions.add(parsed, (message) -> sink.next(message.message()));
			sink.onDispose(registration);
		}).onBackpressureBuffer(this.settings.maxQueue(), BufferOverflowStrategy.DROP_OLDEST);
	}

	/**
	 * Register an observer of what the hub does, for metrics.
	 * @param observer the observer
	 */
	public void addObserver(ServerObserver observer) {
		this.observers.add(observer);
	}

	/** @return the running totals of handshakes, publishes, deliveries and drops */
	public HubStatistics statistics() {
		return this.statistics;
	}

	/** @return where to report observations, for transports (oversized requests, say) */
	public ServerObserver observer() {
		return this.observers;
	}

	/**
	 * Register a listener on session life.
	 * @param listener the listener
	 */
	public void addSessionListener(SessionListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Publish data on a broadcast channel from the server, to every subscriber on every node.
	 * @param channel the channel, not a wildcard nor a meta or service channel
	 * @param data the message data, converted to JSON by the codec
	 * @return a mono that completes when the message was handed to the engine
	 */
	public Mono<Void> publish(String channel, Object data) {
		return Mono.defer(() -> {
			ChannelId id = ChannelId.of(channel);
			if (!id.isBroadcast() || id.isWildcard()) {
				return Mono.error(new IllegalArgumentException("Cannot publish on " + channel));
			}
			return broadcast(id, Message.on(channel).put(Message.DATA, data), null);
		});
	}

	/**
	 * Encode a message once, hand it to the engine, then call the publish listeners.
	 */
	Mono<Void> broadcast(ChannelId channel, Message source, @Nullable ServerSession sender) {
		if (this.history.keeps(channel)) {
			// Numbered and stored first, handed on in number order: the position travels in the message.
			return this.historySequencer
				.publish(channel, (position) -> encode(channel, source.data(), null,
						HistoryExtension.stamped(source.ext(), position)), (message) -> handOn(channel, message, sender))
				.flatMap((message) -> notifyListeners(channel, message, sender));
		}
		EncodedMessage message = encode(channel, source.data(), null, source.ext());
		return handOn(channel, message, sender).then(notifyListeners(channel, message, sender));
	}

	private Mono<Void> handOn(ChannelId channel, EncodedMessage message, @Nullable ServerSession sender) {
		this.observers.published(channel.kind());
		return this.engine.publish(message, (sender != null) ? sender.id() : null);
	}

	private Mono<Void> notifyListeners(ChannelId channel, EncodedMessage message, @Nullable ServerSession sender) {
		List<PublishListener> listeners = this.publishListeners.matching(channel);
		if (listeners.isEmpty()) {
			return Mono.empty();
		}
		return Flux.fromIterable(listeners)
			.concatMap((listener) -> Mono.defer(() -> listener.onPublish(sender, channel, message.message())))
			.then();
	}

	/**
	 * Deliver data to one session alone, on the given channel.
	 * @param session the session
	 * @param channel the channel the message appears on
	 * @param data the message data
	 * @return whether the message was queued
	 */
	public boolean deliver(ServerSession session, String channel, @Nullable Object data) {
		return deliver(session, ChannelId.of(channel), data);
	}

	/**
	 * Deliver data to the sessions a recipient names, on every node: those on this node get it at once,
	 * the engine forwards it to the others (a session that lives here is not looked for elsewhere).
	 * @param recipient one session by client id, or every session of a user
	 * @param channel the channel the message appears on
	 * @param data the message data
	 * @return how many sessions of this node it was queued for
	 */
	public int deliver(Recipient recipient, String channel, @Nullable Object data) {
		EncodedMessage message = encode(ChannelId.of(channel), data, null, null);
		int delivered = this.localDelivery.deliverTo(recipient, message);
		if (recipient.kind() == Recipient.Kind.CLIENT && this.sessions.find(recipient.id()) != null) {
			return delivered;
		}
		this.engine.forward(recipient, message)
			.subscribe(null, (ex) -> logger.warn("Could not forward a message on {} to {}", channel, recipient, ex));
		return delivered;
	}

	boolean deliver(ServerSession session, ChannelId channel, @Nullable Object data) {
		return this.localDelivery.deliverTo(session, encode(channel, data, null, null));
	}

	/**
	 * Deliver a service's answer to the sender: the request's {@code id} and {@code successful} let a
	 * CometD remote call match it to its request, and tell a result from a failure.
	 */
	boolean deliverReply(ServerSession session, ChannelId channel, @Nullable Object requestId, @Nullable Object data,
			boolean successful) {
		Message message = Message.on(channel.name());
		message.put(Message.ID, requestId);
		message.put(Message.SUCCESSFUL, successful);
		message.put(Message.DATA, data);
		return this.localDelivery.deliverTo(session, new EncodedMessage(channel, message, this.codec.encode(message)));
	}

	/**
	 * End a session: it is removed with its subscriptions, and a held connect is answered.
	 * @param session the session
	 * @param reason why
	 */
	public void disconnect(ServerSession session, DisconnectReason reason) {
		if (!session.end(reason)) {
			return;
		}
		this.sessions.remove(session);
		this.channels.unsubscribeAll(session, now());
		if (reason == DisconnectReason.MOVED) {
			logger.debug("Session {} moved to another node", session.id());
			return;
		}
		this.engine.sessionEnded(session);
		int lost = session.queueSize();
		if (lost > 0) {
			this.observers.dropped(ServerObserver.DropReason.EXPIRED, lost);
		}
		logger.debug("Session {} ended: {}", session.id(), reason);
		for (SessionListener listener : this.listeners) {
			listener.sessionRemoved(session, reason);
		}
	}

	/**
	 * Prune once: end the sessions that have not connected within {@code maxInterval}, remove the
	 * channels that have had no subscribers and no traffic for the channel idle time, and forget the
	 * handshake allowances of client addresses that stopped handshaking.
	 */
	public void sweep() {
		long now = now();
		for (ServerSession session : this.sessions.expired(now)) {
			disconnect(session, DisconnectReason.PRUNED);
		}
		this.channels.sweep(now, this.settings.channelIdleTime().toMillis());
		this.processor.sweep();
	}

	/** @return the settings */
	public ServerSettings settings() {
		return this.settings;
	}

	/** @return the JSON codec */
	public MessageCodec codec() {
		return this.codec;
	}

	/** @return the channel history */
	public ChannelHistory history() {
		return this.history;
	}

	/** @return the engine */
	public BayeuxEngine engine() {
		return this.engine;
	}

	/** @return the live sessions */
	public SessionRegistry sessions() {
		return this.sessions;
	}

	/** @return the channels with subscribers */
	public ChannelRegistry channels() {
		return this.channels;
	}

	/** @return the scheduler that times connects and pruning */
	public Scheduler scheduler() {
		return this.scheduler;
	}

	/** @return the current time in milliseconds, by the scheduler's clock */
	public long now() {
		return this.scheduler.now(TimeUnit.MILLISECONDS);
	}

	/** @return what this hub does for the sessions it holds, which they are attached to */
	ServerSession.Hub sessionHub() {
		return this.sessionHub;
	}

	/**
	 * The hub's side of its sessions: a session delivers through it, and drains through it when a
	 * transport pulls, so that the engine records what was served and the observers count the writes.
	 */
	private final class SessionHub implements ServerSession.Hub {

		@Override
		public boolean deliver(ServerSession session, String channel, @Nullable Object data) {
			return BayeuxServer.this.deliver(session, channel, data);
		}

		@Override
		public List<EncodedMessage> drain(ServerSession session) {
			List<EncodedMessage> batch = BayeuxServer.this.engine.drain(session, session::drain);
			BayeuxServer.this.observers.written(batch);
			return batch;
		}

	}

	/** Count the messages an acknowledging session's buffer could not hold, and apply the overflow policy. */
	void overflowed(ServerSession session, int count) {
		this.observers.dropped(ServerObserver.DropReason.QUEUE_FULL, count);
		if (this.settings.overflowPolicy() == OverflowPolicy.DISCONNECT) {
			disconnect(session, DisconnectReason.QUEUE_OVERFLOW);
		}
	}

	Advice connectAdvice() {
		return Advice.retry(this.settings.interval().toMillis(), this.settings.timeout().toMillis(),
				this.settings.maxInterval().toMillis());
	}

	ServerSession newSession(TransportContext context) {
		ServerSession session = this.sessions.create(context.browserId(), context.connectionType(), now());
		session.principal(context.principal());
		session.attach(this.sessionHub);
		return session;
	}

	void addSession(ServerSession session) {
		this.sessions.add(session);
		for (SessionListener listener : this.listeners) {
			listener.sessionAdded(session);
		}
	}

	void subscribe(ServerSession session, ChannelId channel) {
		boolean added = this.channels.subscribe(session, channel, now());
		if (session.isEnded()) {
			// Lost a race with disconnect: do not leave a dead session in the channel.
			this.channels.unsubscribe(session, channel, now());
			if (session.endReason() == DisconnectReason.MOVED) {
				// Kept on the session alone, for the engine to hand to the node that took it over.
				session.addSubscription(channel);
			}
			return;
		}
		if (added) {
			for (SessionListener listener : this.listeners) {
				listener.subscribed(session, channel);
			}
		}
	}

	void unsubscribe(ServerSession session, ChannelId channel) {
		if (this.channels.unsubscribe(session, channel, now())) {
			for (SessionListener listener : this.listeners) {
				listener.unsubscribed(session, channel);
			}
		}
	}

	EncodedMessage encode(ChannelId channel, @Nullable Object data, @Nullable Object id,
			@Nullable Map<String, Object> ext) {
		Message message = Message.on(channel.name());
		message.put(Message.ID, id);
		message.put(Message.DATA, data);
		message.put(Message.EXT, ext);
		return new EncodedMessage(channel, message, this.codec.encode(message));
	}

}
