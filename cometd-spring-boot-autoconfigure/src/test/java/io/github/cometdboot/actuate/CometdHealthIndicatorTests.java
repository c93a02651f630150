package io.github.cometdboot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.BayeuxEngine;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.InMemoryEngine;
import io.github.cometdboot.server.LocalDelivery;
import io.github.cometdboot.server.ServerSettings;
import io.github.cometdboot.server.TransportContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CometdHealthIndicator}.
 */
class CometdHealthIndicatorTests {

	@Test
	void upWhileRunning() {
		BayeuxServer server = server(new InMemoryEngine(), 10);
		Health health = new CometdHealthIndicator(server, 0.1).health().block(Duration.ofSeconds(5));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("engineAvailable", true).containsKey("sessions");
		server.stop();
	}

	@Test
	void downWhenStoppedOrTheEngineIsUnavailable() {
		BayeuxServer stopped = server(new InMemoryEngine(), 10);
		stopped.stop();
		assertThat(new CometdHealthIndicator(stopped, 0.1).health().block(Duration.ofSeconds(5)).getStatus())
			.isEqualTo(Status.DOWN);
		BayeuxServer brokerless = server(new UnavailableEngine(), 10);
		Health health = new CometdHealthIndicator(brokerless, 0.1).health().block(Duration.ofSeconds(5));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("engineAvailable", false);
		brokerless.stop();
	}

	@Test
	void degradedWhenTooManyQueuesAreNearlyFull() {
		BayeuxServer server = server(new InMemoryEngine(), 10);
		String slow = handshake(server);
		send(server, slow, Message.on("/meta/subscribe").put(Message.SUBSCRIPTION, "/news"));
		handshake(server);
		CometdHealthIndicator indicator = new CometdHealthIndicator(server, 0.4);
		for (int i = 0; i < 8; i++) {
			server.publish("/news", i).block(Duration.ofSeconds(5));
		}
		assertThat(indicator.health().block(Duration.ofSeconds(5)).getStatus()).isEqualTo(Status.UP);
		server.publish("/news", 9).block(Duration.ofSeconds(5));
		Health health = indicator.health().block(Duration.ofSeconds(5));
		assertThat(health.getStatus()).isEqualTo(CometdHealthIndicator.DEGRADED);
		assertThat(health.getDetails()).containsEntry("saturatedSessions", 1).containsEntry("sessions", 2);
		server.stop();
	}

	private static BayeuxServer server(BayeuxEngine engine, int maxQueue) {
		BayeuxServer server = new BayeuxServer(ServerSettings.builder().maxQueue(maxQueue).build(), new MessageCodec(),
				engine, SecurityPolicy.ALLOW_ALL, Schedulers.parallel());
		server.addConnectionType("long-polling");
		server.start();
		return server;
	}

	private static String handshake(BayeuxServer server) {
		byte[] reply = send(server, null, Message.on("/meta/handshake")
			.put(Message.SUPPORTED_CONNECTION_TYPES, List.of("long-polling"))).get(0);
		return (String) JsonMapper.builder().build().readValue(reply, Map.class).get("clientId");
	}

	private static List<byte[]> send(BayeuxServer server, @Nullable String clientId, Message message) {
		message.put(Message.CLIENT_ID, clientId);
		return server.process(List.of(message), TransportContext.polling("long-polling", null))
			.block(Duration.ofSeconds(5))
			.messages();
	}

	/** A cluster engine whose broker is down. */
	private static final class UnavailableEngine implements BayeuxEngine {

		@Override
		public void start(LocalDelivery localDelivery) {
		}

		@Override
		public Mono<Void> publish(EncodedMessage message, @Nullable String publisherId) {
			return Mono.error(new IllegalStateException("broker down"));
		}

		@Override
		public Mono<Boolean> isAvailable() {
			return Mono.just(false);
		}

	}

}
