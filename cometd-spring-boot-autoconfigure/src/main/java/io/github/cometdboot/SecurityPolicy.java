package io.github.cometdboot;

import reactor.core.publisher.Mono;

/**
 * Decides who may handshake, subscribe and publish. Each answer is reactive so that a policy may
 * consult a remote service; a {@code false} answer becomes CometD's {@code 403} error for the
 * operation. The default allows everything.
 */
public interface SecurityPolicy {

	/** A policy that allows every operation. */
	SecurityPolicy ALLOW_ALL = new SecurityPolicy() {
	};

	/**
	 * May this new session complete its handshake?
	 * @param session the session about to be created (not yet registered)
	 * @param message the handshake request
	 * @return whether the handshake is allowed
	 */
	default Mono<Boolean> canHandshake(CometSession session, Message message) {
		return Mono.just(true);
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
