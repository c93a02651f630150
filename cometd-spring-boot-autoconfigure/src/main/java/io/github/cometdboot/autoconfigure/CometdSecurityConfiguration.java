package io.github.cometdboot.autoconfigure;

import java.util.List;

import io.github.cometdboot.HandshakeAuthenticator;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.security.ChannelAccess;
import io.github.cometdboot.security.ChannelRule;
import io.github.cometdboot.security.ChannelRulesSecurityPolicy;
import io.github.cometdboot.security.RoleResolver;
import io.github.cometdboot.security.SpringSecurityRoleResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.Authentication;

/**
 * The default {@link SecurityPolicy}: {@code cometd.security.*} rules, with roles from Spring Security
 * when it is on the classpath. The authenticated user itself comes from the request (Spring Security
 * puts it on the exchange) and is bound to the session at handshake, unless a
 * {@link HandshakeAuthenticator} bean names another (from a token in the handshake, say).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CometdSecurityProperties.class)
@Import(CometdSecurityConfiguration.SpringSecurityRolesConfiguration.class)
class CometdSecurityConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SecurityPolicy cometdSecurityPolicy(CometdSecurityProperties properties, ObjectProvider<RoleResolver> roleResolver,
			ObjectProvider<HandshakeAuthenticator> authenticator) {
		List<ChannelRule> rules = properties.getChannels()
			.stream()
			.map((channel) -> new ChannelRule(ChannelPattern.of(channel.getPattern()),
					ChannelAccess.parse(channel.getSubscribe()), ChannelAccess.parse(channel.getPublish())))
			.toList();
		return new ChannelRulesSecurityPolicy(ChannelAccess.parse(properties.getHandshake()), rules,
				roleResolver.getIfAvailable(() -> RoleResolver.NONE),
				authenticator.getIfAvailable(() -> HandshakeAuthenticator.REQUEST_PRINCIPAL));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Authentication.class)
	static class SpringSecurityRolesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RoleResolver cometdRoleResolver() {
			return new SpringSecurityRoleResolver();
		}

	}

}
