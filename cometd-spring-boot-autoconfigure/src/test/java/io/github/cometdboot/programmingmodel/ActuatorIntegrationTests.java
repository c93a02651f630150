package io.github.cometdboot.programmingmodel;

import java.util.List;
import java.util.concurrent.BlockingQueue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cometd} actuator endpoint, health indicator and meters of a running application, with
 * the official CometD Java client as its users.
 */
@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		// Spring Data Redis is on the test classpath for the cluster tests; this application has no Redis.
		properties = { "management.endpoints.web.exposure.include=health,metrics,cometd",
				"management.health.redis.enabled=false" })
class ActuatorIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meterRegistry;

	private JavaClientFactory clients;

	private WebTestClient http;

	@BeforeEach
	void setUp() {
		this.clients = new JavaClientFactory(this.port);
		this.http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@AfterEach
	void closeClients() throws Exception {
		this.clients.close();
	}

	@Test
	void endpointDescribesSummaryChannelsAndSessions() throws Exception {
		BayeuxClient alice = this.clients.connected("alice");
		BlockingQueue<Message> lobby = subscribe(alice, "/chat/lobby");
		assertThat(lobby).isEmpty();
		this.http.get()
			.uri("/actuator/cometd")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sessions")
			.value((Integer sessions) -> assertThat(sessions).isPositive())
			.jsonPath("$.sessionsByTransport.long-polling")
			.value((Integer sessions) -> assertThat(sessions).isPositive())
			.jsonPath("$.transports")
			.value((java.util.List<String> transports) -> assertThat(transports).contains("websocket", "long-polling"));
		this.http.get()
			.uri("/actuator/cometd/channels")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.name == '/chat/lobby')].subscribers")
			.isEqualTo(1);
		this.http.get()
			.uri("/actuator/cometd/channels/chat/lobby")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.subscribers")
			.isEqualTo(1);
		this.http.get()
			.uri("/actuator/cometd/sessions/" + alice.getId())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user")
			.isEqualTo("alice")
			.jsonPath("$.subscriptions[0]")
			.isEqualTo("/chat/lobby");
		this.http.get().uri("/actuator/cometd/sessions/nobody").exchange().expectStatus().isNotFound();
		this.http.get().uri("/actuator/cometd/nothing").exchange().expectStatus().isNotFound();
	}

	@Test
	void sessionListShowsNoUsableClientId() throws Exception {
		BayeuxClient client = this.clients.connected(null);
		String clientId = client.getId();
		this.http.get()
			.uri("/actuator/cometd/sessions")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[*].clientId")
			.value((List<String> ids) -> {
				assertThat(ids).isNotEmpty().doesNotContain(clientId).allSatisfy((id) -> assertThat(id).hasSize(5).endsWith("…"));
				assertThat(ids).contains(clientId.substring(0, 4) + "…");
			});
		this.http.get()
			.uri("/actuator/cometd/sessions/" + clientId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clientId")
			.isEqualTo(clientId.substring(0, 4) + "…");
	}

	@Test
	void disconnectIsOffUnlessEnabled() throws Exception {
		BayeuxClient client = this.clients.connected(null);
		this.http.delete()
			.uri("/actuator/cometd/sessions/" + client.getId())
			.exchange()
			.expectStatus()
			.is4xxClientError();
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void healthIsUpWithHubDetails() {
		this.http.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void bayeuxRequestsStayOutOfHttpServerRequests() throws Exception {
		this.clients.connected(null);
		this.http.get().uri("/actuator/health").exchange().expectStatus().isOk();
		assertThat(this.meterRegistry.find("http.server.requests").meters()).isNotEmpty()
			.allSatisfy((Meter meter) -> assertThat(meter.getId().getTag("uri")).doesNotStartWith("/cometd"));
		assertThat(this.meterRegistry.find("cometd.handshakes").tag("outcome", "success").functionCounter().count())
			.isPositive();
	}

}
