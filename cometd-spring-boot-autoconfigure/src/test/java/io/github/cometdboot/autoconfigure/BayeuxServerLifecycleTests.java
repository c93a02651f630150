package io.github.cometdboot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.Message;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.ProcessedBatch;
import io.github.cometdboot.server.TransportContext;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BayeuxServerLifecycle}: the hub stops before the web server's graceful shutdown and
 * answers held connects at once.
 */
class BayeuxServerLifecycleTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CometdAutoConfiguration.class));

	@Test
	void stopsBeforeTheWebServerGracefulShutdownPhase() {
		this.contextRunner.run((context) -> {
			BayeuxServerLifecycle lifecycle = context.getBean(BayeuxServerLifecycle.class);
			// Boot's graceful shutdown lifecycle runs at DEFAULT_PHASE - 1024; higher phases stop first.
			assertThat(lifecycle.getPhase()).isGreaterThan(SmartLifecycle.DEFAULT_PHASE - 1024);
			assertThat(lifecycle.isRunning()).isTrue();
		});
	}

	@Test
	void theLifecycleAloneStartsAndStopsTheHub() {
		this.contextRunner.run((context) -> {
			BeanDefinition hub = context.getBeanFactory().getBeanDefinition("bayeuxServer");
			assertThat(hub.getInitMethodName()).isNull();
			assertThat(hub.getDestroyMethodName()).isNotEqualTo("stop");
			BayeuxServer server = context.getBean(BayeuxServer.class);
			context.stop();
			assertThat(server.isRunning()).isFalse();
			context.start();
			assertThat(server.isRunning()).isTrue();
			assertThat(server.isStopped()).isFalse();
		});
	}

	@Test
	void stoppingTheContextAnswersAHeldConnectWithHandshakeAdvice() {
		this.contextRunner.run((context) -> {
			BayeuxServer server = context.getBean(BayeuxServer.class);
			String clientId = clientId(send(server, Message.on("/meta/handshake")
				.put(Message.SUPPORTED_CONNECTION_TYPES, List.of("long-polling"))).block(Duration.ofSeconds(5)));
			send(server, connect(clientId)).block(Duration.ofSeconds(5));
			Mono<ProcessedBatch> held = send(server, connect(clientId)).cache();
			held.subscribe();
			context.stop();
			ProcessedBatch reply = held.block(Duration.ofSeconds(5));
			Map<?, ?> connect = JsonMapper.builder().build().readValue(reply.messages().get(0), Map.class);
			assertThat(connect.get("error")).isEqualTo("402::session_unknown");
			assertThat(server.isRunning()).isFalse();
			// While the web server drains, a stopped hub makes no new session: the client retries later.
			Map<?, ?> handshake = JsonMapper.builder().build().readValue(send(server, Message.on("/meta/handshake")
				.put(Message.SUPPORTED_CONNECTION_TYPES, List.of("long-polling"))).block(Duration.ofSeconds(5))
				.messages()
				.get(0), Map.class);
			assertThat(handshake.get("successful")).isEqualTo(false);
			assertThat(handshake.get("error")).isEqualTo("503::server_unavailable");
			assertThat(((Map<?, ?>) handshake.get("advice")).get("reconnect")).isEqualTo("handshake");
			assertThat(server.sessions().size()).isZero();
		});
	}

	private static Message connect(String clientId) {
		return Message.on("/meta/connect").put(Message.CLIENT_ID, clientId).put(Message.CONNECTION_TYPE, "long-polling");
	}

	private static Mono<ProcessedBatch> send(BayeuxServer server, Message message) {
		return server.process(List.of(message), TransportContext.polling("long-polling", null));
	}

	private static String clientId(ProcessedBatch batch) {
		return (String) JsonMapper.builder().build().readValue(batch.messages().get(0), Map.class).get("clientId");
	}

}
