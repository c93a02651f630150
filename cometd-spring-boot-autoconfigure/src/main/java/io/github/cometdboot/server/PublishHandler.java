package io.github.cometdboot.server;

import java.util.List;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.bayeux.ChannelId;
import io.github.cometdboot.bayeux.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes from clients: broadcast channels go to the engine, {@code /service/**} channels to their
 * {@link ServiceHandler}s, whose answers go back to the sender alone.
 */
final class PublishHandler {

	private static final Logger logger = LoggerFactory.getLogger(PublishHandler.class);

	private final BayeuxServer server;

	private final SecurityPolicy policy;

	private final ServiceRegistry services;

	PublishHandler(BayeuxServer server, SecurityPolicy policy, ServiceRegistry services) {
		this.server = server;
		this.policy = policy;
		this.services = services;
	}

	Mono<Reply> handle(Message request, ChannelId channel, ServerSession session) {
		if (channel.isWildcard()) {
			return Mono.just(Reply.failure(request, BayeuxError.CHANNEL_INVALID, session));
		}
		return this.policy.canPublish(session, channel, request).defaultIfEmpty(false).flatMap((allowed) -> {
			if (!allowed) {
				return Mono.just(Reply.failure(request, BayeuxError.publishDenied("denied"), session));
			}
			return channel.isService() ? callServices(request, channel, session) : broadcast(request, channel, session);
		});
	}

	private Mono<Reply> broadcast(Message request, ChannelId channel, ServerSession session) {
		EncodedMessage message = this.server.encode(channel, request.data(), request.id(), request.ext());
		return this.server.engine()
			.publish(message, session.id())
			.then(Mono.fromCallable(() -> Reply.success(request, null)))
			.onErrorResume((ex) -> {
				logger.warn("Publish on {} failed", channel, ex);
				return Mono.just(Reply.failure(request, BayeuxError.PUBLISH_FAILED, null));
			});
	}

	private Mono<Reply> callServices(Message request, ChannelId channel, ServerSession session) {
		List<ServiceHandler> handlers = this.services.handlersOf(channel);
		return Flux.fromIterable(handlers)
			.concatMap((handler) -> Mono.defer(() -> handler.handle(session, request)))
			.doOnNext((data) -> this.server.deliver(session, channel, data))
			.then(Mono.fromCallable(() -> Reply.success(request, null)))
			.onErrorResume((ex) -> {
				logger.warn("Service handler for {} failed", channel, ex);
				return Mono.just(Reply.failure(request, BayeuxError.SERVICE_FAILED, null));
			});
	}

}
