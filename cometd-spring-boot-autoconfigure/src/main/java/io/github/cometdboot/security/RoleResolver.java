package io.github.cometdboot.security;

import java.security.Principal;
import java.util.Set;

/**
 * Tells the roles of an authenticated user, for rules such as {@code role:ADMIN}. With Spring
 * Security the roles are the principal's granted authorities without the {@code ROLE_} prefix.
 */
@FunctionalInterface
public interface RoleResolver {

	/** A resolver that knows no roles. */
	RoleResolver NONE = (principal) -> Set.of();

	/**
	 * The roles of a principal.
	 * @param principal the authenticated user
	 * @return the role names
	 */
	Set<String> rolesOf(Principal principal);

}
