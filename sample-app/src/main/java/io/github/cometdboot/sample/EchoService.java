package io.github.cometdboot.sample;

import io.github.cometdboot.server.BayeuxServer;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Answers every message published on {@code /service/echo} to its sender alone, with the same data.
 */
@Component
public class EchoService {

	/** The echo channel. */
	public static final String CHANNEL = "/service/echo";

	/**
	 * Register the service.
	 * @param server the Bayeux server
	 */
	public EchoService(BayeuxServer server) {
		server.addService(CHANNEL, (session, message) -> Mono.justOrEmpty(message.data()));
	}

}
