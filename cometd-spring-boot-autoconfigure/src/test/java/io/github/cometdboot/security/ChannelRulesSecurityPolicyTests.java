package io.github.cometdboot.security;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.TestSessions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ChannelRulesSecurityPolicy} and {@link ChannelAccess}.
 */
class ChannelRulesSecurityPolicyTests {

	private static final RoleResolver ROLES = (principal) -> principal.getName().equals("alice") ? Set.of("ADMIN")
			: Set.of("USER");

	private final ChannelRulesSecurityPolicy policy = new ChannelRulesSecurityPolicy(ChannelAccess.parse("anyone"),
			List.of(rule("/admin/**", "role:ADMIN", "role:ADMIN"), rule("/members/{x}", "authenticated", "nobody"),
					rule("/members/**", "anyone", "anyone")),
			ROLES);

	@Test
	void accessExpressionsParse() {
		assertThat(ChannelAccess.parse(" Anyone ").kind()).isEqualTo(ChannelAccess.Kind.ANYONE);
		assertThat(ChannelAccess.parse("role: A , B").roles()).containsExactly("A", "B");
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelAccess.parse("role:"));
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelAccess.parse("everyone"));
	}

	@Test
	void firstMatchingRuleDecides() {
		assertThat(canSubscribe(null, "/members/news")).isFalse();
		assertThat(canSubscribe(user("bob"), "/members/news")).isTrue();
		assertThat(canPublish(user("alice"), "/members/news")).isFalse();
		assertThat(canPublish(null, "/members/news/deep")).as("only the /** rule matches").isTrue();
	}

	@Test
	void rolesComeFromTheResolver() {
		assertThat(canSubscribe(user("alice"), "/admin/alerts")).isTrue();
		assertThat(canSubscribe(user("bob"), "/admin/alerts")).isFalse();
		assertThat(canPublish(null, "/admin/alerts")).isFalse();
	}

	@Test
	void channelsNoRuleMatchesAreOpen() {
		assertThat(canSubscribe(null, "/chat/lobby")).isTrue();
		assertThat(canPublish(null, "/chat/lobby")).isTrue();
	}

	@Test
	void wildcardSubscriptionsMustSatisfyEveryRuleTheyMayCover() {
		assertThat(canSubscribe(user("bob"), "/**")).isFalse();
		assertThat(canSubscribe(user("bob"), "/admin/*")).isFalse();
		assertThat(canSubscribe(user("alice"), "/**")).isTrue();
		assertThat(canSubscribe(null, "/chat/**")).isTrue();
	}

	@Test
	void handshakeAccessIsChecked() {
		ChannelRulesSecurityPolicy authenticatedOnly = new ChannelRulesSecurityPolicy(
				ChannelAccess.parse("authenticated"), List.of(), ROLES);
		assertThat(authenticatedOnly.canHandshake(session(null), new Message()).block()).isFalse();
		assertThat(authenticatedOnly.canHandshake(session(user("bob")), new Message()).block()).isTrue();
	}

	private boolean canSubscribe(@Nullable Principal principal, String channel) {
		return this.policy.canSubscribe(session(principal), ChannelId.of(channel), new Message()).block();
	}

	private boolean canPublish(@Nullable Principal principal, String channel) {
		return this.policy.canPublish(session(principal), ChannelId.of(channel), new Message()).block();
	}

	private static ChannelRule rule(String pattern, String subscribe, String publish) {
		return new ChannelRule(ChannelPattern.of(pattern), ChannelAccess.parse(subscribe), ChannelAccess.parse(publish));
	}

	private static Principal user(String name) {
		return () -> name;
	}

	private static ServerSession session(@Nullable Principal principal) {
		return TestSessions.withPrincipal(principal);
	}

}
