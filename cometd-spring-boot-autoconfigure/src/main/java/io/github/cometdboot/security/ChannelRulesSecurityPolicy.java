package io.github.cometdboot.security;

import java.security.Principal;
import java.util.List;

import io.github.cometdboot.CometUser;
import io.github.cometdboot.HandshakeAuthenticator;
import io.github.cometdboot.HandshakeDecision;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.CometSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A {@link SecurityPolicy} from rules: who may handshake, and per channel pattern who may subscribe
 * and publish. The first rule whose pattern matches decides; a channel no rule matches is open to
 * anyone. A wildcard subscription is allowed only when every rule on a channel it may cover allows
 * the user to subscribe, so {@code /**} cannot reach around a rule on {@code /admin/**}. The user is
 * the one a {@link HandshakeAuthenticator} named at handshake, else the request's principal.
 */
public final class ChannelRulesSecurityPolicy implements SecurityPolicy {

	private final ChannelAccess handshake;

	private final List<ChannelRule> rules;

	private final RoleResolver roles;

	private final HandshakeAuthenticator authenticator;

	/**
	 * Create a policy for the users the requests authenticate.
	 * @param handshake who may handshake
	 * @param rules the channel rules, first match wins
	 * @param roles resolves users' roles
	 */
	public ChannelRulesSecurityPolicy(ChannelAccess handshake, List<ChannelRule> rules, RoleResolver roles) {
		this(handshake, rules, roles, HandshakeAuthenticator.REQUEST_PRINCIPAL);
	}

	/**
	 * Create a policy whose handshakes may name their user (from a token, say).
	 * @param handshake who may handshake: checked against the user the authenticator names, if it does
	 * @param rules the channel rules, first match wins
	 * @param roles resolves users' roles; a {@link CometUser}'s are its own
	 * @param authenticator decides first, and may name the session's user
	 */
	public ChannelRulesSecurityPolicy(ChannelAccess handshake, List<ChannelRule> rules, RoleResolver roles,
			HandshakeAuthenticator authenticator) {
		this.handshake = handshake;
		this.rules = List.copyOf(rules);
		this.roles = (principal) -> (principal instanceof CometUser user) ? user.roles() : roles.rolesOf(principal);
		this.authenticator = authenticator;
	}

	@Override
	public Mono<HandshakeDecision> handshake(CometSession session, Message message) {
		return this.authenticator.authenticate(session, message).map((decision) -> {
			Principal user = (decision.user() != null) ? decision.user() : session.principal();
			return (decision.allowed() && this.handshake.allows(user, this.roles)) ? decision : HandshakeDecision.DENY;
		});
	}

	@Override
	public Mono<Boolean> canHandshake(CometSession session, Message message) {
		return handshake(session, message).map(HandshakeDecision::allowed);
	}

	@Override
	public Mono<Boolean> canSubscribe(CometSession session, ChannelId channel, Message message) {
		if (channel.isWildcard()) {
			// Every rule on a channel the wildcard covers must let this user subscribe.
			for (ChannelRule rule : this.rules) {
				if (rule.pattern().mayMatchUnder(channel) && !rule.subscribe().allows(session.principal(), this.roles)) {
					return Mono.just(false);
				}
			}
			return Mono.just(true);
		}
		ChannelRule rule = ruleFor(channel);
		return Mono.just(rule == null || rule.subscribe().allows(session.principal(), this.roles));
	}

	@Override
	public Mono<Boolean> canPublish(CometSession session, ChannelId channel, Message message) {
		ChannelRule rule = ruleFor(channel);
		return Mono.just(rule == null || rule.publish().allows(session.principal(), this.roles));
	}

	private @Nullable ChannelRule ruleFor(ChannelId channel) {
		for (ChannelRule rule : this.rules) {
			if (rule.pattern().match(channel) != null) {
				return rule;
			}
		}
		return null;
	}

}
