package io.github.cometdboot.server;

import java.util.ArrayList;
import java.util.List;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.ServiceHandler;
import io.github.cometdboot.PublishInterceptor;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.EncodedMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Processes a batch of messages from any transport: validates each, finds its session and hands it
 * to the handler for its channel. Messages of a batch are processed one after the other, so a
 * client's publishes reach subscribers in the order it sent them.
 */
final class MessageProcessor {

	private final BayeuxServer server;

	private final MessageCodec codec;

	private final HandshakeHandler handshake;

	private final ConnectHandler connect;

	private final SubscriptionHandler subscriptions;

	private final DisconnectHandler disconnect;

	private final PublishHandler publish;

	private final BrowserBinding binding;

	private final PublishRateLimiter publishRate;

	private final SubscriptionLimit subscriptionLimit;

	private final SessionSharing sharing;

	private final QueuedInReply queuedInReply;

	MessageProcessor(BayeuxServer server, SecurityPolicy policy, PatternRegistry<PublishInterceptor> interceptors,
			PatternRegistry<ServiceHandler> services) {
		this.server = server;
		this.codec = server.codec();
		this.handshake = new HandshakeHandler(server, policy);
		this.connect = new ConnectHandler(server);
		this.subscriptions = new SubscriptionHandler(server, policy);
		this.disconnect = new DisconnectHandler(server);
		this.publish = new PublishHandler(server, policy, interceptors, services);
		ServerSettings settings = server.settings();
		this.binding = new BrowserBinding(settings.trustClientSession());
		this.publishRate = new PublishRateLimiter(settings.limits(), server::now);
		server.addSessionListener(this.publishRate);
		this.subscriptionLimit = new SubscriptionLimit(settings.limits().maxSubscriptionsPerSession());
		this.sharing = new SessionSharing(server);
		this.queuedInReply = new QueuedInReply(server, this.binding);
	}

	/** Prune what the processor keeps per client between requests. */
	void sweep() {
		this.handshake.sweep();
	}

	Mono<ProcessedBatch> process(List<Message> batch, TransportContext context) {
		Mono<List<Reply>> replies = Flux.fromIterable(batch)
			.concatMap((message) -> processOne(message, context))
			.collectList();
		ServerSession requester = this.queuedInReply.requester(batch, context);
		if (requester != null) {
			replies = this.queuedInReply.carry(replies, requester);
		}
		if (this.server.engine().sharesSessions()) {
			// Only a cluster engine records the session's shared state before the replies go out.
			replies = replies.flatMap(this.sharing::record);
		}
		return replies.map(this::encode);
	}

	private ProcessedBatch encode(List<Reply> replies) {
		List<byte[]> messages = new ArrayList<>(replies.size());
		ServerSession session = null;
		for (Reply reply : replies) {
			for (EncodedMessage queued : reply.queued()) {
				messages.add(queued.json());
			}
			messages.add(this.codec.encode(reply.message()));
			if (reply.session() != null) {
				session = reply.session();
			}
		}
		return new ProcessedBatch(messages, session);
	}

	private Mono<Reply> processOne(Message message, TransportContext context) {
		String name = message.channel();
		if (name == null) {
			return Mono.just(Reply.failure(message, BayeuxError.CHANNEL_MISSING, null));
		}
		Object id = message.id();
		if (id != null && !(id instanceof String) && !(id instanceof Number)) {
			message.put(Message.ID, null);
			return Mono.just(Reply.failure(message, BayeuxError.MESSAGE_ID_INVALID, null));
		}
		ChannelId channel = ChannelId.parse(name);
		if (channel == null) {
			return Mono.just(Reply.failure(message, BayeuxError.CHANNEL_INVALID, null));
		}
		if (name.equals(MetaChannels.HANDSHAKE)) {
			return this.handshake.handle(message, context);
		}
		ServerSession session = SessionSharing.live(this.server.sessions().find(message.clientId()));
		if (session == null && message.clientId() != null) {
			// Not on this node: a cluster engine may let it carry on here.
			return this.sharing.adopt(message.clientId(), context)
				.flatMap((adopted) -> dispatchSeen(message, channel, adopted, context))
				.switchIfEmpty(Mono.fromSupplier(() -> Reply.unknownSession(message)));
		}
		if (session == null || session.isEnded()) {
			return Mono.just(Reply.unknownSession(message));
		}
		return dispatchSeen(message, channel, session, context);
	}

	private Mono<Reply> dispatchSeen(Message message, ChannelId channel, ServerSession session,
			TransportContext context) {
		if (!this.binding.allows(session, context.browserId())) {
			this.server.observer().refused(ServerObserver.RefusalReason.BROWSER_MISMATCH);
			return Mono.just(Reply.unknownSession(message));
		}
		session.seen(this.server.now(), context.connectionType());
		return dispatch(message, channel, session, context);
	}

	private Mono<Reply> dispatch(Message message, ChannelId channel, ServerSession session,
			TransportContext context) {
		if (!channel.isMeta()) {
			return limitedPublish(message, channel, session);
		}
		return switch (channel.name()) {
			case MetaChannels.CONNECT -> this.connect.handle(message, session, context);
			case MetaChannels.SUBSCRIBE -> limitedSubscribe(message, session);
			case MetaChannels.UNSUBSCRIBE -> this.subscriptions.unsubscribe(message, session);
			case MetaChannels.DISCONNECT -> this.disconnect.handle(message, session);
			default -> Mono.just(Reply.failure(message, BayeuxError.CHANNEL_INVALID, session));
		};
	}

	private Mono<Reply> limitedPublish(Message message, ChannelId channel, ServerSession session) {
		if (!this.publishRate.tryPublish(session)) {
			this.server.observer().dropped(ServerObserver.DropReason.RATE_LIMITED, 1);
			return Mono.just(Reply.failure(message, BayeuxError.PUBLISH_RATE_EXCEEDED, session));
		}
		return this.publish.handle(message, channel, session);
	}

	private Mono<Reply> limitedSubscribe(Message message, ServerSession session) {
		if (this.subscriptionLimit.exceeds(session, message)) {
			this.server.observer().refused(ServerObserver.RefusalReason.SUBSCRIPTION_LIMIT);
			return Mono.just(Reply.failure(message, BayeuxError.SUBSCRIPTION_LIMIT, session));
		}
		return this.subscriptions.subscribe(message, session);
	}

}
