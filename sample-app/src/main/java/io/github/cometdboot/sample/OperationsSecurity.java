package io.github.cometdboot.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * A login for the lists of the {@code cometd} actuator endpoint: they show every session's user and
 * subscriptions, and every channel, which are nobody else's business. HTTP Basic, as the user
 * {@code spring.security.user.name} with role {@code OPS}; unless {@code spring.security.user.password}
 * is set, Boot makes a password at startup and logs it. The summary the demo page shows (counts only),
 * health, metrics and prometheus stay open.
 * <p>
 * The chain matches {@code /actuator/**} only, so the Bayeux path and the pages pass no security
 * filter at all and cost what they cost without Spring Security.
 */
@Configuration(proxyBeanMethods = false)
class OperationsSecurity {

	@Bean
	SecurityWebFilterChain operationsSecurityFilterChain(ServerHttpSecurity http) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/actuator/**"))
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/actuator/cometd/sessions/**", "/actuator/cometd/channels/**")
				.hasRole("OPS")
				.anyExchange()
				.permitAll())
			.httpBasic(Customizer.withDefaults())
			.build();
	}

}
