package io.github.cometdboot.server;

import java.util.ArrayList;
import java.util.List;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /meta/subscribe} and {@code /meta/unsubscribe}: the {@code subscription} field is a channel, a
 * wildcard, or an array of them; the request succeeds or fails as a whole.
 * <p>
 * Subscriptions to {@code /service/**} succeed but are not recorded: service replies go to the sender
 * whatever it subscribed. {@code /meta/**} cannot be subscribed.
 */
final class SubscriptionHandler {

	private final BayeuxServer server;

	private final SecurityPolicy policy;

	private final HistorySubscription history;

	SubscriptionHandler(BayeuxServer server, SecurityPolicy policy) {
		this.server = server;
		this.policy = policy;
		this.history = new HistorySubscription(server);
	}

	Mono<Reply> subscribe(Message request, ServerSession session) {
		List<ChannelId> channels = parse(request);
		if (channels == null) {
			return Mono.just(failure(request, session, error(request)));
		}
		return Flux.fromIterable(channels)
			.concatMap((channel) -> this.policy.canSubscribe(session, channel, request).defaultIfEmpty(false))
			.all(Boolean::booleanValue)
			.flatMap((allowed) -> {
				if (!allowed) {
					return Mono.just(failure(request, session, BayeuxError.subscribeDenied("denied")));
				}
				if (this.history.appliesTo(channels)) {
					return this.history.subscribe(request, session, channels.get(0), success(request, session));
				}
				for (ChannelId channel : channels) {
					if (!channel.isService()) {
						this.server.subscribe(session, channel);
					}
				}
				return Mono.just(success(request, session));
			});
	}

	Mono<Reply> unsubscribe(Message request, ServerSession session) {
		List<ChannelId> channels = parse(request);
		if (channels == null) {
			return Mono.just(failure(request, session, error(request)));
		}
		for (ChannelId channel : channels) {
			if (!channel.isService()) {
				this.server.unsubscribe(session, channel);
			}
		}
		return Mono.just(success(request, session));
	}

	/** @return the channels, or {@code null} when any is missing, invalid or a meta channel */
	private static @Nullable List<ChannelId> parse(Message request) {
		Object subscription = request.get(Message.SUBSCRIPTION);
		List<?> names = (subscription instanceof List<?> list) ? list : (subscription != null) ? List.of(subscription) : List.of();
		if (names.isEmpty()) {
			return null;
		}
		List<ChannelId> channels = new ArrayList<>(names.size());
		for (Object name : names) {
			ChannelId channel = (name instanceof String text) ? ChannelId.parse(text) : null;
			if (channel == null || channel.isMeta()) {
				return null;
			}
			channels.add(channel);
		}
		return channels;
	}

	private static String error(Message request) {
		Object subscription = request.get(Message.SUBSCRIPTION);
		if (subscription == null || (subscription instanceof List<?> list && list.isEmpty())) {
			return BayeuxError.SUBSCRIPTION_MISSING;
		}
		return BayeuxError.SUBSCRIPTION_INVALID;
	}

	private static Reply success(Message request, ServerSession session) {
		Reply reply = Reply.success(request, session);
		reply.message().put(Message.SUBSCRIPTION, request.get(Message.SUBSCRIPTION));
		return reply;
	}

	private static Reply failure(Message request, ServerSession session, String error) {
		Reply reply = Reply.failure(request, error, session);
		reply.message().put(Message.SUBSCRIPTION, request.get(Message.SUBSCRIPTION));
		return reply;
	}

}
