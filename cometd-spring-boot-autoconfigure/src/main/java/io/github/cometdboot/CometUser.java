package io.github.cometdboot;

import java.security.Principal;
import java.util.Set;

/**
 * A user that the security policy named at handshake (from a token in the handshake's {@code ext},
 * say), with the roles it was given. It is the session's {@link java.security.Principal}: sessions
 * are found by its name ({@link CometTemplate#deliverToUser}), and {@code role:} channel rules check
 * its roles.
 *
 * @param name the user name
 * @param roles the roles, without a {@code ROLE_} prefix, as {@code role:} rules name them
 */
public record CometUser(String name, Set<String> roles) implements Principal {

	/**
	 * Create a user.
	 * @param name the user name
	 * @param roles the roles, copied
	 */
	public CometUser {
		roles = Set.copyOf(roles);
	}

	@Override
	public String getName() {
		return this.name;
	}

}
