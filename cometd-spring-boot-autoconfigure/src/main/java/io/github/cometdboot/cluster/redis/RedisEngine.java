package io.github.cometdboot.cluster.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.BayeuxEngine;
import io.github.cometdboot.server.ClusterUnavailableException;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.LocalDelivery;
import io.github.cometdboot.server.Recipient;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.SessionSnapshot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.domain.Range.Bound;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * A cluster engine on one Redis Stream, the bus: every publication and every message addressed to
 * sessions of another node is added to it, and every node reads it in order and delivers to its own
 * subscribers. Because all nodes read one total order, each subscriber sees each publisher's
 * messages in publish order, and each node handles each entry once.
 * <p>
 * A node's own publications are delivered from the bus too, so that they are ordered with the
 * others; when Redis does not take a publication within the publish timeout, it is delivered on this
 * node only and the publish fails with {@link ClusterUnavailableException}. Lettuce reconnects by
 * itself and the reader resumes after the last entry it handled, so the engine recovers without a
 * restart.
 * <p>
 * Sessions are shared ({@link SessionStore}): a node that receives a request for a session it does
 * not hold claims it, adds a {@code takeover} entry to the bus and, when its reader reaches that
 * entry, delivers from the bus what the client was not served yet, then the live messages; the
 * previous owner lets the session go when its reader reaches the same entry.
 */
public final class RedisEngine implements BayeuxEngine {

	private static final Logger logger = LoggerFactory.getLogger(RedisEngine.class);

	/** Session attribute: the bus id up to which the client was served. */
	private static final String SENT = RedisEngine.class.getName() + ".sent";

	/** Session attribute: the bus id up to which the client was served when this node took it over. */
	private static final String CLAIMED = RedisEngine.class.getName() + ".claimed";

	/** Session attribute: the subscriptions last recorded in Redis by this node. */
	private static final String SAVED_SUBSCRIPTIONS = RedisEngine.class.getName() + ".saved";

	/** Session attribute: the bus id from which each subscription counts, by channel name. */
	private static final String SUBSCRIBED = RedisEngine.class.getName() + ".subscribed";

	private final MessageCodec codec;

	private final RedisEngineSettings settings;

	private final ReactiveStringRedisTemplate redis;

	private final BusReader reader;

	private final SessionStore sessions;

	private final XAddOptions trimming;

	/**
	 * Held while an entry is delivered and while a queue is drained, so that a drain knows exactly
	 * which bus entries it includes.
	 */
	private final Object deliveryLock = new Object();

	/** Sessions this node claimed whose takeover entry its reader has not reached yet, by client id. */
	private final Map<String, PendingTakeover> pendingTakeovers = new ConcurrentHashMap<>();

	private final AtomicLong lostSessions = new AtomicLong();

	private volatile RecordId handled = RecordId.of(0, 0);

	/**
	 * The entry being delivered, under {@link #deliveryLock}: a held connect woken by a delivery drains
	 * on the delivering thread, in the middle of the entry.
	 */
	private @Nullable RecordId delivering;

	private volatile @Nullable LocalDelivery localDelivery;

	private volatile @Nullable Disposable reading;

	/**
	 * Create the engine.
	 * @param connectionFactory the reactive Redis connections (Lettuce)
	 * @param codec the JSON codec, to decode the messages that other nodes publish
	 * @param settings the settings
	 */
	public RedisEngine(ReactiveRedisConnectionFactory connectionFactory, MessageCodec codec,
			RedisEngineSettings settings) {
		this.codec = codec;
		this.settings = settings;
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.reader = new BusReader(connectionFactory, this.redis, settings.busKey(), settings.pollTimeout());
		this.sessions = new SessionStore(this.redis, settings, codec.mapper());
		this.trimming = XAddOptions.maxlen(settings.streamMaxLength()).approximateTrimming(true);
	}

	@Override
	public synchronized void start(LocalDelivery localDelivery) {
		if (this.reading != null) {
			return;
		}
		this.localDelivery = localDelivery;
		this.reader.positionAtEnd(this.settings.publishTimeout());
		RecordId position = this.reader.lastId();
		if (position != null) {
			this.handled = position;
		}
		this.reading = this.reader.start(this::handle);
	}

	@Override
	public Mono<Void> publish(EncodedMessage message, @Nullable String publisherId) {
		LocalDelivery delivery = started();
		return add(BusEntry.publish(message, publisherId, this.settings.nodeId())).onErrorResume((ex) -> {
			delivery.deliver(message, publisherId);
			return Mono.error(new ClusterUnavailableException(
					"Redis did not take the publish on " + message.channel() + ": delivered on this node only", ex));
		});
	}

	@Override
	public Mono<Void> forward(Recipient recipient, EncodedMessage message) {
		return add(BusEntry.forward(recipient, message, this.settings.nodeId()))
			.onErrorMap((ex) -> new ClusterUnavailableException("Redis did not take a message for " + recipient, ex));
	}

	@Override
	public Mono<Boolean> isAvailable() {
		return this.redis.execute((connection) -> connection.ping())
			.next()
			.map((pong) -> this.reader.isReading())
			.timeout(this.settings.publishTimeout())
			.onErrorReturn(false)
			.defaultIfEmpty(false);
	}

	@Override
	public boolean sharesSessions() {
		return true;
	}

	@Override
	public Mono<SessionSnapshot> findSession(String clientId) {
		return this.sessions.find(clientId)
			.timeout(this.settings.publishTimeout())
			.onErrorResume((ex) -> {
				logger.debug("Could not look session {} up", clientId, ex);
				return Mono.empty();
			});
	}

	@Override
	public Mono<Boolean> adoptSession(ServerSession session) {
		String clientId = session.id();
		return this.sessions.claim(clientId).flatMap((claim) -> {
			if (BusReader.isAfter(claim.maxDeleted(), claim.replayFrom())) {
				// The bus no longer holds every message the client was not served: it must start over.
				this.lostSessions.incrementAndGet();
				logger.info("Session {} cannot be taken over: the bus was trimmed past what it was served", clientId);
				return Mono.just(false);
			}
			session.attributes().put(SENT, claim.sent().getValue());
			session.attributes().put(CLAIMED, claim.sent().getValue());
			session.attributes().put(SUBSCRIBED, new ConcurrentHashMap<>(claim.subscriptions()));
			ServedBatches.takeOver(session, claim.batches());
			PendingTakeover pending = new PendingTakeover(session, claim, UUID.randomUUID().toString());
			this.pendingTakeovers.put(clientId, pending);
			return add(BusEntry.takeover(clientId, pending.nonce(), this.settings.nodeId())).thenReturn(true)
				.doOnError((ex) -> this.pendingTakeovers.remove(clientId, pending));
		}).timeout(this.settings.publishTimeout()).defaultIfEmpty(false);
	}

	@Override
	public Mono<Boolean> saveSession(ServerSession session) {
		if (session.isEnded()) {
			// A session that moved is served by its new owner, from what was recorded before, and told
			// of the subscriptions made here that it may not know.
			return (session.endReason() == DisconnectReason.MOVED) ? forwardSubscriptions(session).thenReturn(false)
					: Mono.just(true);
		}
		if (!this.reader.isReading()) {
			// Without Redis there is nothing to share; the node carries on with what it holds.
			return Mono.just(true);
		}
		String sent = (String) session.attributes().computeIfAbsent(SENT, (key) -> this.handled.getValue());
		Map<String, String> since = subscribedSince(session);
		String user = (session.principal() != null) ? session.principal().getName() : null;
		SortedMap<Long, String> batches = ServedBatches.toShare(session, sent);
		return this.sessions.save(session.id(), session.browserId(), user, sent, since, batches)
			.timeout(this.settings.publishTimeout())
			.doOnNext((owned) -> {
				LocalDelivery delivery = this.localDelivery;
				if (owned) {
					session.attributes().put(SAVED_SUBSCRIPTIONS, Set.copyOf(since.keySet()));
				}
				else if (delivery != null) {
					subscribedSince(session);
					delivery.release(session);
				}
			})
			// Subscriptions made here may have come after the new owner read them: tell it.
			.flatMap((owned) -> owned ? Mono.just(true) : forwardSubscriptions(session).thenReturn(false))
			.onErrorResume((ex) -> {
				logger.debug("Could not record session {}", session.id(), ex);
				return Mono.just(true);
			});
	}

	@Override
	public List<EncodedMessage> drain(ServerSession session, Supplier<List<EncodedMessage>> drain) {
		boolean duringDelivery = Thread.holdsLock(this.deliveryLock);
		synchronized (this.deliveryLock) {
			List<EncodedMessage> messages = drain.get();
			// Served up to the entry being delivered, or else every entry handled (unless the session
			// waits for its takeover: then the entries up to it are still to be replayed).
			RecordId served = (duringDelivery && this.delivering != null) ? this.delivering
					: this.pendingTakeovers.containsKey(session.id()) ? null : this.handled;
			Object previous = session.attributes().get(SENT);
			if (served != null && (previous == null || BusReader.isAfter(served, RecordId.of((String) previous)))) {
				session.attributes().put(SENT, served.getValue());
			}
			if (session.isAcknowledging()) {
				String sent = (String) session.attributes().getOrDefault(SENT, this.handled.getValue());
				ServedBatches.draining(session, sent);
			}
			return messages;
		}
	}

	@Override
	public void sessionEnded(ServerSession session) {
		this.sessions.delete(session.id())
			.timeout(this.settings.publishTimeout())
			.subscribe(null, (ex) -> logger.debug("Could not forget session {}", session.id(), ex));
	}

	@Override
	public synchronized void stop() {
		Disposable current = this.reading;
		if (current != null) {
			current.dispose();
			this.reading = null;
		}
	}

	/** @return this node's id in the cluster */
	public String nodeId() {
		return this.settings.nodeId();
	}

	/** @return how many sessions could not be taken over because the bus was trimmed past them */
	public long lostSessions() {
		return this.lostSessions.get();
	}

	private Mono<Void> add(BusEntry entry) {
		return this.redis.opsForStream()
			.add(this.settings.busKey(), entry.fields(), this.trimming)
			.timeout(this.settings.publishTimeout())
			.then();
	}

	private Mono<Void> handle(MapRecord<String, String, String> record) {
		BusEntry entry = BusEntry.of(record.getValue());
		LocalDelivery delivery = this.localDelivery;
		RecordId id = record.getId();
		if (entry != null && delivery != null && BusEntry.TAKEOVER.equals(entry.type())) {
			return takeover(entry, id, delivery);
		}
		if (entry != null && delivery != null && BusEntry.SUBSCRIBE.equals(entry.type())) {
			return subscriptionsMoved(entry, id, delivery);
		}
		synchronized (this.deliveryLock) {
			if (entry != null && delivery != null) {
				this.delivering = id;
				deliver(entry, delivery);
				this.delivering = null;
			}
			this.handled = id;
		}
		return Mono.empty();
	}

	private void deliver(BusEntry entry, LocalDelivery delivery) {
		Recipient recipient = entry.recipient();
		if (recipient == null) {
			delivery.deliver(entry.message(this.codec), entry.target());
		}
		else if (!entry.origin().equals(this.settings.nodeId())) {
			// The origin delivered it to its own sessions before forwarding it.
			delivery.deliverTo(recipient, entry.message(this.codec));
		}
	}

	private Mono<Void> takeover(BusEntry entry, RecordId id, LocalDelivery delivery) {
		String clientId = entry.target();
		boolean ours = entry.origin().equals(this.settings.nodeId());
		PendingTakeover pending = (clientId != null) ? this.pendingTakeovers.get(clientId) : null;
		if (clientId == null || !ours || pending == null || !pending.nonce().equals(entry.channel())) {
			synchronized (this.deliveryLock) {
				ServerSession held = (clientId != null) ? delivery.session(clientId) : null;
				if (held != null && !ours) {
					// Taken over elsewhere: let it go, with any takeover of ours still pending for it.
					logger.debug("{}: session {} moved to {} at {}", this.settings.nodeId(), clientId, entry.origin(), id);
					if (pending != null) {
						this.pendingTakeovers.remove(clientId, pending);
					}
					// Remember its subscriptions with the session: a request still in progress here may
					// have to hand them on.
					subscribedSince(held);
					delivery.release(held);
				}
				this.handled = id;
			}
			return Mono.empty();
		}
		SessionStore.Claim claim = pending.claim();
		// Deliver what the client was not served, from the bus, then let the live messages flow.
		Range<String> unserved = Range.of(Bound.exclusive(claim.replayFrom().getValue()),
				Bound.exclusive(id.getValue()));
		return this.redis.<String, String>opsForStream()
			.range(this.settings.busKey(), unserved)
			.collectList()
			.doOnNext((missed) -> goLive(pending, missed, id, delivery))
			.then();
	}

	private void goLive(PendingTakeover pending, List<MapRecord<String, String, String>> missed, RecordId takeoverId,
			LocalDelivery delivery) {
		String clientId = pending.session().id();
		SessionStore.Claim claim = pending.claim();
		synchronized (this.deliveryLock) {
			ServerSession session = (delivery.session(clientId) == pending.session()) ? pending.session() : null;
			logger.debug("{}: session {} live at {} after {} entries from {}", this.settings.nodeId(), clientId,
					takeoverId, missed.size(), claim.replayFrom());
			if (session != null) {
				Replay replay = new Replay(clientId, claim);
				SortedMap<Long, List<EncodedMessage>> resent = new TreeMap<>();
				Map<RecordId, BusEntry> unsent = new LinkedHashMap<>();
				for (MapRecord<String, String, String> record : missed) {
					BusEntry entry = BusEntry.of(record.getValue());
					if (entry == null || !replay.includes(entry, record.getId())) {
						continue;
					}
					// Carried by a connect reply the client may not have received, or never sent yet.
					Long batch = ServedBatches.carrying(claim.batches(), record.getId());
					if (batch != null) {
						resent.computeIfAbsent(batch, (key) -> new ArrayList<>()).add(entry.message(this.codec));
					}
					else {
						unsent.put(record.getId(), entry);
					}
				}
				if (!claim.batches().isEmpty()) {
					// First what the previous owner sent and the client may not have received: a connect
					// reply may go out as soon as anything is queued, and its number would acknowledge them.
					resent.putIfAbsent(claim.batches().lastKey(), List.of());
					delivery.resend(session, resent);
				}
				unsent.forEach((id, entry) -> {
					this.delivering = id;
					delivery.deliverTo(session, entry.message(this.codec));
					this.delivering = null;
				});
				for (String channel : claim.subscriptions().keySet()) {
					delivery.resubscribe(session, ChannelId.of(channel));
				}
			}
			this.pendingTakeovers.remove(clientId, pending);
			this.handled = takeoverId;
		}
	}

	/**
	 * Tell the node that took a session over about the subscriptions made here since they were last
	 * recorded: they may have come after its claim.
	 */
	@SuppressWarnings("unchecked")
	private Mono<Void> forwardSubscriptions(ServerSession session) {
		Map<String, String> since = new HashMap<>(
				(Map<String, String>) session.attributes().getOrDefault(SUBSCRIBED, Map.of()));
		for (ChannelId channel : session.subscriptions()) {
			since.putIfAbsent(channel.name(), this.handled.getValue());
		}
		Set<String> saved = (Set<String>) session.attributes().getOrDefault(SAVED_SUBSCRIPTIONS, Set.of());
		if (saved.containsAll(since.keySet())) {
			return Mono.empty();
		}
		return add(BusEntry.subscriptions(session.id(), this.sessions.writeSubscriptions(since), this.settings.nodeId()))
			.onErrorResume((ex) -> Mono.empty());
	}

	/**
	 * Subscriptions that the previous owner recorded too late for this node's claim: a session still
	 * waiting for its takeover adds them to what it replays; a live one subscribes now and gets, from
	 * the bus, what was published on them since they were made and not served.
	 */
	private Mono<Void> subscriptionsMoved(BusEntry entry, RecordId id, LocalDelivery delivery) {
		String clientId = entry.target();
		ServerSession session = (clientId != null) ? delivery.session(clientId) : null;
		PendingTakeover pending = (clientId != null) ? this.pendingTakeovers.get(clientId) : null;
		Map<String, String> moved = this.sessions.readSubscriptions(entry.channel());
		if (session == null || entry.origin().equals(this.settings.nodeId())) {
			return handled(id);
		}
		if (pending != null && pending.session() == session) {
			synchronized (this.deliveryLock) {
				moved.forEach(pending.claim().subscriptions()::putIfAbsent);
				moved.forEach(subscribedSince(session)::putIfAbsent);
				this.handled = id;
			}
			return Mono.empty();
		}
		Map<String, String> missing = new ConcurrentHashMap<>();
		RecordId claimed = RecordId.of((String) session.attributes().getOrDefault(CLAIMED, this.handled.getValue()));
		moved.forEach((channel, since) -> {
			if (session.subscriptions().stream().noneMatch((c) -> c.name().equals(channel))) {
				RecordId from = RecordId.of(since);
				missing.put(channel, (BusReader.isAfter(from, claimed) ? from : claimed).getValue());
			}
		});
		if (missing.isEmpty()) {
			return handled(id);
		}
		String earliest = missing.values().stream().map(RecordId::of).reduce((a, b) -> BusReader.isAfter(a, b) ? b : a)
			.get()
			.getValue();
		Replay replay = new Replay(clientId,
				new SessionStore.Claim(claimed, missing, null, claimed, Collections.emptySortedMap()));
		return this.redis.<String, String>opsForStream()
			.range(this.settings.busKey(), Range.of(Bound.exclusive(earliest), Bound.exclusive(id.getValue())))
			.collectList()
			.doOnNext((missed) -> {
				synchronized (this.deliveryLock) {
					for (MapRecord<String, String, String> record : missed) {
						BusEntry published = BusEntry.of(record.getValue());
						if (published != null && BusEntry.PUBLISH.equals(published.type())
								&& replay.includes(published, record.getId())) {
							this.delivering = record.getId();
							delivery.deliverTo(session, published.message(this.codec));
							this.delivering = null;
						}
					}
					for (String channel : missing.keySet()) {
						delivery.resubscribe(session, ChannelId.of(channel));
					}
					moved.forEach(subscribedSince(session)::putIfAbsent);
					this.handled = id;
				}
			})
			.then();
	}

	private Mono<Void> handled(RecordId id) {
		synchronized (this.deliveryLock) {
			this.handled = id;
		}
		return Mono.empty();
	}

	@SuppressWarnings("unchecked")
	private Map<String, String> subscribedSince(ServerSession session) {
		Map<String, String> since = (Map<String, String>) session.attributes()
			.computeIfAbsent(SUBSCRIBED, (key) -> new ConcurrentHashMap<String, String>());
		String now = this.handled.getValue();
		for (ChannelId channel : session.subscriptions()) {
			since.putIfAbsent(channel.name(), now);
		}
		if (!this.pendingTakeovers.containsKey(session.id())) {
			// A session taken over subscribes to its shared subscriptions only when it goes live.
			since.keySet().removeIf((name) -> session.subscriptions().stream().noneMatch((c) -> c.name().equals(name)));
		}
		return since;
	}

	/**
	 * A session this node claimed, waiting for its takeover entry.
	 *
	 * @param session the session registered on this node
	 * @param claim what the previous owner shared
	 * @param nonce marks this takeover's entry on the bus
	 */
	private record PendingTakeover(ServerSession session, SessionStore.Claim claim, String nonce) {
	}

	private LocalDelivery started() {
		LocalDelivery delivery = this.localDelivery;
		if (delivery == null) {
			throw new IllegalStateException("Engine not started");
		}
		return delivery;
	}

}
