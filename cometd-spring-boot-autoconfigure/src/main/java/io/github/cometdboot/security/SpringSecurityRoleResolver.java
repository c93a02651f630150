package io.github.cometdboot.security;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Roles of a Spring Security {@link Authentication}: its granted authorities, with the
 * {@code ROLE_} prefix removed, so that {@code role:ADMIN} matches {@code ROLE_ADMIN}.
 */
public final class SpringSecurityRoleResolver implements RoleResolver {

	private static final String PREFIX = "ROLE_";

	@Override
	public Set<String> rolesOf(Principal principal) {
		if (!(principal instanceof Authentication authentication) || !authentication.isAuthenticated()) {
			return Set.of();
		}
		Set<String> roles = new LinkedHashSet<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null) {
				roles.add(name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name);
			}
		}
		return roles;
	}

}
