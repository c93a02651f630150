package io.github.cometdboot.server.transport;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that bad long-polling input gets a Bayeux error or a 4xx, and that the server goes on serving
 * a session that connected before.
 */
class LongPollingBadInputTests {

	private final TransportFixture fixture = new TransportFixture();

	private String bystander;

	@BeforeEach
	void connectBystander() {
		this.bystander = this.fixture.connectedSession();
	}

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "[{\"channel\":", "not json", "[{\"channel\":\"/meta/handshake\"}]]", "" })
	void malformedJsonIsRefusedWith400(String body) {
		assertRefused(body, HttpStatus.BAD_REQUEST, "[{\"successful\":false,\"error\":\"400::message_invalid\"}]");
		this.fixture.assertServes(this.bystander);
	}

	@ParameterizedTest
	@ValueSource(strings = { "42", "\"text\"", "true", "null", "[1,2]", "[{\"channel\":\"/a\"},3]", "[[]]" })
	void jsonThatIsNotMessagesIsRefusedWith400(String body) {
		assertRefused(body, HttpStatus.BAD_REQUEST, "[{\"successful\":false,\"error\":\"400::message_invalid\"}]");
		this.fixture.assertServes(this.bystander);
	}

	@Test
	void deeplyNestedJsonIsRefusedWith400() {
		String body = "[{\"channel\":\"/check\",\"data\":" + "[".repeat(2000) + "]".repeat(2000) + "}]";
		assertRefused(body, HttpStatus.BAD_REQUEST, "[{\"successful\":false,\"error\":\"400::message_invalid\"}]");
		this.fixture.assertServes(this.bystander);
	}

	@Test
	void messageWithoutChannelGetsChannelMissing() {
		List<Map<String, Object>> replies = this.fixture.post("/cometd", """
				[{"clientId":"%s","data":{},"id":"7"}]
				""".formatted(this.bystander));
		assertThat(replies).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("successful", false)
				.containsEntry("error", "400::channel_missing")
				.containsEntry("id", "7"));
		this.fixture.assertServes(this.bystander);
	}

	@Test
	void unknownClientIdGetsSessionUnknownWithHandshakeAdvice() {
		List<Map<String, Object>> replies = this.fixture.post("/cometd/connect",
				TransportFixture.connect("no-such-client"));
		assertThat(replies).singleElement().satisfies((reply) -> {
			assertThat(reply).containsEntry("channel", "/meta/connect")
				.containsEntry("successful", false)
				.containsEntry("error", "402::session_unknown");
			assertThat(reply.get("advice")).isEqualTo(Map.of("reconnect", "handshake", "interval", 0));
		});
		this.fixture.assertServes(this.bystander);
	}

	@Test
	void publishWithUnknownClientIdGetsSessionUnknown() {
		List<Map<String, Object>> replies = this.fixture.post("/cometd", """
				[{"channel":"/check","clientId":"forged","data":"x"}]
				""");
		assertThat(replies).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("error", "402::session_unknown"));
		this.fixture.assertServes(this.bystander);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a b", "no-slash", "/a//b", "/a/", "/a/**", "/a/*", "/a/*/b", "/meta/nothing" })
	void invalidChannelGetsChannelInvalid(String channel) {
		List<Map<String, Object>> replies = this.fixture.post("/cometd", """
				[{"channel":"%s","clientId":"%s","data":{}}]
				""".formatted(channel, this.bystander));
		assertThat(replies).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("successful", false)
				.containsEntry("error", "405::channel_invalid"));
		this.fixture.assertServes(this.bystander);
	}

	@Test
	void oversizedBodyIsRefusedWith413() {
		String data = "x".repeat(TransportFixture.MAX_MESSAGE_SIZE);
		assertRefused("[{\"channel\":\"/check\",\"clientId\":\"" + this.bystander + "\",\"data\":\"" + data + "\"}]",
				HttpStatus.CONTENT_TOO_LARGE, "[{\"successful\":false,\"error\":\"413::message_too_large\"}]");
		assertThat(this.fixture.server.statistics()
			.droppedCount(io.github.cometdboot.server.ServerObserver.DropReason.TOO_LARGE)).isEqualTo(1);
		this.fixture.assertServes(this.bystander);
	}

	@Test
	void bodyOfExactlyMaxMessageSizeIsAccepted() {
		String prefix = "[{\"channel\":\"/check\",\"clientId\":\"" + this.bystander + "\",\"data\":\"";
		String suffix = "\"}]";
		String body = prefix + "x".repeat(TransportFixture.MAX_MESSAGE_SIZE - prefix.length() - suffix.length())
				+ suffix;
		assertThat(body).hasSize(TransportFixture.MAX_MESSAGE_SIZE);
		assertThat(this.fixture.post("/cometd", body)).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("successful", true));
	}

	@Test
	void badMessageInBatchDoesNotSpoilTheOthers() {
		List<Map<String, Object>> replies = this.fixture.post("/cometd", """
				[{"channel":"/a b","clientId":"%s","data":1},
				 {"channel":"/meta/subscribe","clientId":"%s","subscription":"/ok"}]
				""".formatted(this.bystander, this.bystander));
		assertThat(replies).hasSize(2);
		assertThat(replies.get(0)).containsEntry("error", "405::channel_invalid");
		assertThat(replies.get(1)).containsEntry("channel", "/meta/subscribe").containsEntry("successful", true);
		this.fixture.assertServes(this.bystander);
	}

	private void assertRefused(String body, HttpStatus status, String expectedBody) {
		this.fixture.client.post()
			.uri("/cometd")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.json(expectedBody, JsonCompareMode.STRICT);
	}

}
