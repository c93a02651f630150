package io.github.cometdboot.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app exposes health, metrics, prometheus and cometd over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
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
		String prometheus = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(prometheus).contains("cometd_handshakes_total{outcome=\"success\"} 1.0")
			.contains("cometd_sessions{transport=\"long-polling\"} 1.0")
			.doesNotContain("uri=\"/cometd");
	}

}
