package io.github.cometdboot.server;

import java.util.List;

import io.github.cometdboot.InvalidDataException;
import io.github.cometdboot.RejectMessageException;
import io.github.cometdboot.RemoteCallFailureException;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.support.ClientFailureLog;
import io.github.cometdboot.ServiceHandler;
import io.github.cometdboot.PublishInterceptor;
import io.github.cometdboot.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes from clients: the security policy, then the interceptors, then broadcast channels go to
 * the engine (and the publish listeners) and {@code /service/**} channels to their
 * {@link ServiceHandler}s, whose answers go back to the sender alone.
 */
final class PublishHandler {

	private static final Logger logger = LoggerFactory.getLogger(PublishHandler.class);

	/** A listener that fails on every message must not write a stack trace per message a client sends. */
	private final ClientFailureLog failures = new ClientFailureLog(logger);

	/** Data that fits no listener, a limit of its own: failing listeners must not hide it, nor it them. */
	private final ClientFailureLog invalidData = new ClientFailureLog(logger);

	private final BayeuxServer server;

	private final SecurityPolicy policy;

	private final PatternRegistry<PublishInterceptor> interceptors;

	private final PatternRegistry<ServiceHandler> services;

	PublishHandler(BayeuxServer server, SecurityPolicy policy, PatternRegistry<PublishInterceptor> interceptors,
			PatternRegistry<ServiceHandler> services) {
		this.server = server;
		this.policy = policy;
		this.interceptors = interceptors;
		this.services = services;
	}

	Mono<Reply> handle(Message request, ChannelId channel, ServerSession session) {
		if (channel.isWildcard()) {
			return Mono.just(Reply.failure(request, BayeuxError.CHANNEL_INVALID, session));
		}
		return this.policy.canPublish(session, channel, request).defaultIfEmpty(false).flatMap((allowed) -> {
			if (!allowed) {
				this.server.observer().dropped(ServerObserver.DropReason.DENIED, 1);
				return Mono.just(Reply.failure(request, BayeuxError.publishDenied("denied"), null));
			}
			return intercept(session, channel, request)
				.flatMap((message) -> channel.isService() ? callServices(message, channel, session)
						: this.server.broadcast(channel, message, session))
				.then(Mono.fromCallable(() -> Reply.success(request, null)))
				.onErrorResume((ex) -> Mono.just(failure(request, channel, ex)));
		});
	}

	private Mono<Message> intercept(ServerSession session, ChannelId channel, Message request) {
		Mono<Message> result = Mono.just(request);
		for (PublishInterceptor interceptor : this.interceptors.matching(channel)) {
			result = result.flatMap((message) -> interceptor.intercept(session, channel, message).defaultIfEmpty(message));
		}
		return result;
	}

	private Mono<Void> callServices(Message message, ChannelId channel, ServerSession session) {
		this.server.observer().published(channel.kind());
		List<ServiceHandler> handlers = this.services.matching(channel);
		return Flux.fromIterable(handlers)
			.concatMap((handler) -> Mono.defer(() -> handler.handle(session, message))
				.doOnNext((data) -> this.server.deliverReply(session, channel, message.id(), data, true))
				// A failure the service chose to answer: the caller gets it as CometD's caller.failure(data)
				// sends it, the publish itself succeeded, and the other services matching still answer.
				.onErrorResume(RemoteCallFailureException.class, (failed) -> {
					this.server.deliverReply(session, channel, message.id(), failed.failure(), false);
					return Mono.empty();
				}))
			.then();
	}

	private Reply failure(Message request, ChannelId channel, Throwable ex) {
		if (ex instanceof RejectMessageException rejected) {
			this.server.observer().dropped(ServerObserver.DropReason.DENIED, 1);
			return Reply.failure(request, BayeuxError.publishDenied(rejected.reason()), null);
		}
		if (ex instanceof InvalidDataException) {
			// The client's error: it learns which, the log gets one line at most and no stack trace.
			this.invalidData.warn(ex, "Publish on {} refused", channel);
			return Reply.failure(request, BayeuxError.DATA_INVALID, null);
		}
		if (ex instanceof ClusterUnavailableException) {
			// Delivered on this node already; the client learns that the other nodes did not get it.
			logger.debug("Publish on {} reached this node only", channel, ex);
			return Reply.failure(request, BayeuxError.CLUSTER_UNAVAILABLE, null);
		}
		this.failures.warn(ex, "Publish on {} failed", channel);
		return Reply.failure(request, channel.isService() ? BayeuxError.SERVICE_FAILED : BayeuxError.PUBLISH_FAILED,
				null);
	}

}
