package io.github.cometdboot;

import reactor.core.publisher.Mono;

/**
 * Decides who may handshake, subscribe and publish. Each answer is reactive so that a policy may
 * consult a remote service; a {@code false} answer becomes CometD's {@code 403} error for the
 * operation. The default allows everything. A handshake's decision may also name the session's user
 * (see {@link #handshake}).
 */
public interface SecurityPolicy {

	/** A policy that allows every operation. */
	SecurityPolicy ALLOW_ALL = new SecurityPolicy() {
	};

	/**
	 * May this new session complete its handshake? Only {@link #handshake} calls it: a policy that
	 * overrides {@code handshake} need not implement it.
	 * @param session the session about to be created (not yet registered)
	 * @param message the handshake request
	 * @return whether the handshake is allowed
	 */
	default Mono<Boolean> canHandshake(CometSession session, Message message) {
		return Mono.just(true);
	}

	/**
	 * Decide a handshake, and which user the session acts for: override it to authenticate a token in
	 * the handshake's {@code ext}, say, and name the user with {@link HandshakeDecision#allowAs}. That
	 * user is the session's principal, so {@link CometTemplate#deliverToUser} reaches it and
	 * {@code role:} rules check its roles. By default, {@link #canHandshake} decides and the session acts
	 * for the request's principal.
	 * @param session the session about to be created (not yet registered)
	 * @param message the handshake request
	 * @return the decision; empty refuses
	 */
	default Mono<HandshakeDecision> handshake(CometSession session, Message message) {
		return canHandshake(session, message)
			.map((allowed) -> Boolean.TRUE.equals(allowed) ? HandshakeDecision.ALLOW : HandshakeDecision.DENY);
	}

	/**
	 * May this session subscribe to this channel or wildcard?
	 * @param session the session
	 * @param channel the channel or wildcard
	 * @param message the subscribe request
	 * @return whether the subscription is allowed
	 */
	default Mono<Boolean> canSubscribe(CometSession session, ChannelId channel, Message message) {
		return Mono.just(true);
	}

	/**
	 * May this session publish on this channel?
	 * @param session the session
	 * @param channel the channel, never a wildcard nor a meta channel
	 * @param message the publish request
	 * @return whether the publish is allowed
	 */
	default Mono<Boolean> canPublish(CometSession session, ChannelId channel, Message message) {
		return Mono.just(true);
	}

}
