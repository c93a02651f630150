package io.github.cometdboot.programmingmodel;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.github.cometdboot.CometSessionEvent;
import io.github.cometdboot.CometTemplate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * A chat application on the starter, with Spring Security (HTTP Basic, anonymous allowed) so that
 * sessions carry the user who handshook.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ChatTestApplication {

	@Bean
	ChatBackend chatBackend(CometTemplate template) {
		return new ChatBackend(template);
	}

	@Bean
	SessionEvents sessionEvents() {
		return new SessionEvents();
	}

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

	/** Records the session events the application receives. */
	static class SessionEvents {

		final BlockingQueue<CometSessionEvent> received = new LinkedBlockingQueue<>();

		@EventListener
		void on(CometSessionEvent event) {
			this.received.add(event);
		}

	}

}
