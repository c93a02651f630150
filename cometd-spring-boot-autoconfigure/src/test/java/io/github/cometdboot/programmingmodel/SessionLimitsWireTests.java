package io.github.cometdboot.programmingmodel;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.DisconnectReason;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits on making sessions, over HTTP on a running server: one request makes at most one
 * session, the server holds at most {@code cometd.limits.max-sessions}, and one address handshakes
 * at most at its rate, while the official CometD client, told to handshake again later, gets through.
 */
class SessionLimitsWireTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String HANDSHAKE = """
			{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}""";

	private static Map<String, Object> handshake(WebTestClient http) {
		String body = http.post()
			.uri("/cometd")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[" + HANDSHAKE + "]")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> replies = JSON.readValue(body, new TypeReference<>() {
		});
		assertThat(replies).hasSize(1);
		return replies.get(0);
	}

	@Nested
	@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "cometd.limits.max-sessions=5")
	class MaxSessions {

		@LocalServerPort
		private int port;

		@Autowired
		private BayeuxServer server;

		private WebTestClient http;

		@BeforeEach
		void setUp() {
			this.http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		}

		@Test
		void oneRequestOfManyHandshakesMakesNoSession() {
			int before = this.server.sessions().size();
			this.http.post()
				.uri("/cometd")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("[" + String.join(",", Collections.nCopies(600, HANDSHAKE)) + "]")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.BAD_REQUEST)
				.expectBody()
				.json("[{\"successful\":false,\"error\":\"400::message_invalid\"}]", JsonCompareMode.STRICT);
			assertThat(this.server.sessions().size()).isEqualTo(before);
		}

		@Test
		void handshakesBeyondTheLimitAreRefusedWith503() {
			int made = 0;
			Map<String, Object> reply = handshake(this.http);
			while (Boolean.TRUE.equals(reply.get("successful")) && made < 10) {
				made++;
				reply = handshake(this.http);
			}
			assertThat(this.server.sessions().size()).isEqualTo(5);
			assertThat(reply).containsEntry("error", "503::too_many_sessions");
			assertThat(reply.get("advice")).isEqualTo(Map.of("reconnect", "handshake", "interval", 10_000));
			this.server.sessions().all().forEach((session) -> this.server.disconnect(session, DisconnectReason.SERVER));
			assertThat(handshake(this.http)).containsEntry("successful", true);
		}

	}

	@Nested
	@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "cometd.limits.max-handshake-rate=1", "cometd.limits.handshake-burst=10" })
	class HandshakeRate {

		@LocalServerPort
		private int port;

		private JavaClientFactory clients;

		@BeforeEach
		void setUp() {
			this.clients = new JavaClientFactory(this.port);
		}

		@AfterEach
		void closeClients() throws Exception {
			this.clients.close();
		}

		@Test
		void oneAddressHandshakingInALoopIsHeldToItsRateAndARealClientStillGetsThrough() throws Exception {
			WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
			long start = System.nanoTime();
			int made = 0;
			Map<String, Object> reply = handshake(http);
			while (Boolean.TRUE.equals(reply.get("successful")) && made < 100) {
				made++;
				reply = handshake(http);
			}
			long seconds = (System.nanoTime() - start) / 1_000_000_000L;
			assertThat(reply).containsEntry("error", "429::handshake_rate_exceeded");
			assertThat(made).as("the burst, and one a second after it").isBetween(10, 10 + (int) seconds + 1);
			assertThat(reply.get("advice")).isInstanceOfSatisfying(Map.class,
					(advice) -> assertThat(advice).containsEntry("reconnect", "handshake"));
			// The official client follows the advice and handshakes again when the address has a handshake.
			BayeuxClient client = this.clients.connected(null);
			assertThat(client.isConnected()).isTrue();
		}

	}

}
