package io.github.cometdboot.security;

import java.security.Principal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who may do something: {@code anyone}, {@code authenticated}, {@code nobody}, or {@code role:A,B}
 * (an authenticated user with at least one of the roles).
 *
 * @param kind the kind of access
 * @param roles the roles, for {@link Kind#ROLE}
 */
public record ChannelAccess(Kind kind, Set<String> roles) {

	/** Anyone, authenticated or not. */
	public static final ChannelAccess ANYONE = new ChannelAccess(Kind.ANYONE, Set.of());

	/**
	 * Parse an access expression.
	 * @param expression {@code anyone}, {@code authenticated}, {@code nobody} or {@code role:A,B}
	 * @return the access
	 * @throws IllegalArgumentException for anything else
	 */
	public static ChannelAccess parse(String expression) {
		String value = expression.trim();
		if (value.regionMatches(true, 0, "role:", 0, 5)) {
			Set<String> roles = new LinkedHashSet<>();
			Arrays.stream(value.substring(5).split(",")).map(String::trim).filter((role) -> !role.isEmpty())
				.forEach(roles::add);
			if (roles.isEmpty()) {
				throw new IllegalArgumentException("No role in '" + expression + "'");
			}
			return new ChannelAccess(Kind.ROLE, Collections.unmodifiableSet(roles));
		}
		return switch (value.toLowerCase(java.util.Locale.ROOT)) {
			case "anyone" -> ANYONE;
			case "authenticated" -> new ChannelAccess(Kind.AUTHENTICATED, Set.of());
			case "nobody" -> new ChannelAccess(Kind.NOBODY, Set.of());
			default -> throw new IllegalArgumentException(
					"Unknown access '" + expression + "': use anyone, authenticated, nobody or role:<ROLE>[,<ROLE>]");
		};
	}

	/**
	 * Whether a user is allowed.
	 * @param principal the user, or {@code null} when anonymous
	 * @param roles resolves the user's roles
	 * @return whether access is granted
	 */
	public boolean allows(@Nullable Principal principal, RoleResolver roles) {
		return switch (this.kind) {
			case ANYONE -> true;
			case NOBODY -> false;
			case AUTHENTICATED -> principal != null;
			case ROLE -> principal != null && roles.rolesOf(principal).stream().anyMatch(this.roles::contains);
		};
	}

	/** The kinds of access. */
	public enum Kind {

		/** Everyone. */
		ANYONE,

		/** Authenticated users. */
		AUTHENTICATED,

		/** Users with one of the roles. */
		ROLE,

		/** No one. */
		NOBODY

	}

}
