package io.github.cometdboot.programmingmodel;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Spring Security for the test applications: HTTP Basic with anonymous access allowed, so that
 * sessions carry the user who handshook; alice is an admin, bob a user.
 */
@Configuration(proxyBeanMethods = false)
public class BasicAuthTestSecurity {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	@Bean
	MapReactiveUserDetailsService users() {
		return new MapReactiveUserDetailsService(
				User.withUsername("alice").password("{noop}alice-password").roles("ADMIN", "USER").build(),
				User.withUsername("bob").password("{noop}bob-password").roles("USER").build());
	}

}
