package io.github.cometdboot.cluster.redis;

import java.security.Principal;

import io.github.cometdboot.CometListener;
import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.programmingmodel.BasicAuthTestSecurity;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * One node of a clustered application: HTTP Basic (anonymous allowed) so that sessions have users,
 * its own event loops, and a service that sends private messages with {@link CometTemplate#deliverToUser}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BasicAuthTestSecurity.class)
class ClusterTestApplication {

	@Bean
	PrivateMessages privateMessages(CometTemplate template) {
		return new PrivateMessages(template);
	}

	/** Its own event loops: closing one node must not close the others' (the global ones are shared). */
	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		return factory;
	}

	/** Private messages between users, wherever their sessions live. */
	static class PrivateMessages {

		record PrivateMessage(String to, String text) {
		}

		private final CometTemplate template;

		PrivateMessages(CometTemplate template) {
			this.template = template;
		}

		@CometListener("/service/private")
		String send(PrivateMessage message, Principal from) {
			this.template.deliverToUser(message.to(), "/private", from.getName() + ": " + message.text());
			return "sent";
		}

	}

}
