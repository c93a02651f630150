package io.github.cometdboot;

import reactor.core.publisher.Mono;

/**
 * Names the user of a handshake from what it carries, such as a token in its {@code ext}, for the
 * default, rule-based security policy: declare one as a bean and the {@code cometd.security.*} rules
 * then apply to the user it names ({@code handshake=authenticated}, {@code role:} rules). A custom
 * {@link SecurityPolicy} does the same by overriding {@link SecurityPolicy#handshake}.
 */
@FunctionalInterface
public interface HandshakeAuthenticator {

	/** Allows every handshake, as whoever the request authenticated. */
	HandshakeAuthenticator REQUEST_PRINCIPAL = (session, message) -> Mono.just(HandshakeDecision.ALLOW);

	/**
	 * Decide a handshake.
	 * @param session the session about to be created (not yet registered), with the request's principal
	 * @param message the handshake request
	 * @return the decision; {@link HandshakeDecision#ALLOW} leaves the request's principal, empty refuses
	 */
	Mono<HandshakeDecision> authenticate(CometSession session, Message message);

}
