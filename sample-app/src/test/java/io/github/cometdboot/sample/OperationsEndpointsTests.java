package io.github.cometdboot.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app exposes health, metrics, prometheus and cometd over HTTP; the cometd endpoint's lists
 * only to its operator.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.security.user.password=ops-password")
class OperationsEndpointsTests {

	@LocalServerPort
	private int port;

	@Test
	void operationsEndpointsAreExposed() {
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		http.post()
			.uri("/cometd")
			.bodyValue("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\"long-polling\"]}]")
			.exchange()
			.expectStatus()
			.isOk();
		http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.components.cometd.status").isEqualTo("UP");
		http.get().uri("/actuator/cometd").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.sessions").isEqualTo(1);
		http.get().uri("/actuator/metrics/cometd.handshakes").exchange().expectStatus().isOk();
		// The lists of sessions and channels need the operator's login; the summary above does not.
		http.get().uri("/actuator/cometd/sessions").exchange().expectStatus().isUnauthorized();
		http.get().uri("/actuator/cometd/channels").exchange().expectStatus().isUnauthorized();
		http.get()
			.uri("/actuator/cometd/sessions")
			.headers((headers) -> headers.setBasicAuth("ops", "ops-password"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].clientId")
			.value((String clientId) -> assertThat(clientId).as("masked").endsWith("…"));
		String prometheus = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(prometheus).contains("cometd_handshakes_total{outcome=\"success\"} 1.0")
			.contains("cometd_sessions{transport=\"long-polling\"} 1.0")
			.doesNotContain("uri=\"/cometd");
	}

}
