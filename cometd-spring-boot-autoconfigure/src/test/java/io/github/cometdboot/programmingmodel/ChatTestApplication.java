package io.github.cometdboot.programmingmodel;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.github.cometdboot.CometSessionEvent;
import io.github.cometdboot.CometTemplate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/**
 * A chat application on the starter, with Spring Security (HTTP Basic, anonymous allowed) so that
 * sessions carry the user who handshook.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BasicAuthTestSecurity.class)
class ChatTestApplication {

	@Bean
	ChatBackend chatBackend(CometTemplate template) {
		return new ChatBackend(template);
	}

	@Bean
	SessionEvents sessionEvents() {
		return new SessionEvents();
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
