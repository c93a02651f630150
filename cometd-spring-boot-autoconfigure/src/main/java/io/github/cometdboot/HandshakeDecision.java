package io.github.cometdboot;

import java.security.Principal;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link SecurityPolicy} decided about a handshake: refused, allowed as whoever the request
 * authenticated (the HTTP principal, if any), or allowed as a user the policy names.
 *
 * @param allowed whether the handshake is allowed
 * @param user the user the session acts for, or {@code null} to keep the request's principal
 */
public record HandshakeDecision(boolean allowed, @Nullable Principal user) {

	/** Allowed, as whoever the request authenticated. */
	public static final HandshakeDecision ALLOW = new HandshakeDecision(true, null);

	/** Refused: the client is answered {@code 403::handshake_denied}. */
	public static final HandshakeDecision DENY = new HandshakeDecision(false, null);

	/**
	 * Allowed, as a user with roles.
	 * @param name the user name, by which {@link CometTemplate#deliverToUser} finds the session
	 * @param roles the roles {@code role:} channel rules check
	 * @return the decision
	 */
	public static HandshakeDecision allowAs(String name, String... roles) {
		return allowAs(new CometUser(name, Set.of(roles)));
	}

	/**
	 * Allowed, as a user; the roles of a principal other than a {@link CometUser} come from the
	 * {@code RoleResolver} (Spring Security's authorities, by default).
	 * @param user the user the session acts for
	 * @return the decision
	 */
	public static HandshakeDecision allowAs(Principal user) {
		return new HandshakeDecision(true, user);
	}

}
