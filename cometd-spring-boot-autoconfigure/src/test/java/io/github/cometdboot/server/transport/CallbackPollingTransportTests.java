package io.github.cometdboot.server.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CallbackPollingTransport}, the JSONP transport.
 */
class CallbackPollingTransportTests {

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private final TransportFixture fixture = new TransportFixture();

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@Test
	void handshakeIsAnsweredWithScriptCallingTheCallback() {
		String body = get("/cometd", "cb", TransportFixture.handshakeRequest()).expectStatus()
			.isOk()
			.expectHeader()
			.contentType(JAVASCRIPT)
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectCookie()
			.httpOnly("BAYEUX_BROWSER", true)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> replies = arguments(body, "cb");
		assertThat(replies).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("channel", "/meta/handshake")
				.containsEntry("successful", true)
				.containsKey("clientId"));
	}

	@Test
	void sessionKeepsTheAuthenticatedPrincipalOfItsHandshake() {
		String body = this.fixture.clientAs("bob")
			.get()
			.uri(uri("/cometd", "cb", TransportFixture.handshakeRequest()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String clientId = (String) arguments(body, "cb").get(0).get("clientId");
		assertThat(this.fixture.server.sessions().find(clientId).principal().getName()).isEqualTo("bob");
	}

	@Test
	void callbackMayUseEveryAllowedCharacter() {
		String callback = "jQuery_1.2-3";
		String body = get("/cometd", callback, TransportFixture.handshakeRequest()).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(arguments(body, callback)).hasSize(1);
		assertThat(CallbackPollingTransport.isValidCallback("a".repeat(64))).isTrue();
	}

	@Test
	void requestsAtSubPathsAreAnswered() {
		// The CometD client appends the message type to the URL for every transport but websocket.
		String handshake = get("/cometd/handshake", "_cometd_jsonp_0", TransportFixture.handshakeRequest())
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String clientId = (String) arguments(handshake, "_cometd_jsonp_0").get(0).get("clientId");
		String connect = get("/cometd/connect", "_cometd_jsonp_1", TransportFixture.connect(clientId, "callback-polling"))
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(arguments(connect, "_cometd_jsonp_1")).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("channel", "/meta/connect")
				.containsEntry("successful", true));
		String publish = get("/cometd/", "_cometd_jsonp_2", """
				[{"channel":"/chat","clientId":"%s","data":"hi"}]
				""".formatted(clientId)).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(arguments(publish, "_cometd_jsonp_2")).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("successful", true));
	}

	@ParameterizedTest
	@ValueSource(strings = { "alert(1)//", "<script>", "", "caf\u00e9", "\u0430\u0431\u0432", "cb\u2028", "a b",
			"cb;alert(1)", "cb\n", "cb%00", "cb'", "cb\"" })
	void hostileCallbackIsRefusedAndNotReflected(String callback) {
		assertThat(CallbackPollingTransport.isValidCallback(callback)).isFalse();
		String body = get("/cometd", callback, TransportFixture.handshakeRequest()).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).isEqualTo("[{\"successful\":false,\"error\":\"400::callback_invalid\"}]");
		if (!callback.isEmpty()) {
			assertThat(body).doesNotContain(callback);
		}
		assertThat(this.fixture.server.sessions().size()).isZero();
	}

	@Test
	void callbackOf65CharactersIsRefusedAndNotReflected() {
		hostileCallbackIsRefusedAndNotReflected("a".repeat(65));
	}

	@Test
	void lineSeparatorsInDataAreEscapedInScript() {
		String body = get("/cometd", "cb", """
				[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["callback-polling"],
				  "id":"a\u2028b\u2029c"}]
				""").expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).doesNotContain("\u2028").doesNotContain("\u2029").contains("a\\u2028b\\u2029c");
		assertThat(arguments(body, "cb")).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("id", "a\u2028b\u2029c"));
	}

	@Test
	void malformedMessageIsRefusedAndServerKeepsServing() {
		String bystander = this.fixture.connectedSession();
		get("/cometd", "cb", "[{").expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.isEqualTo("[{\"successful\":false,\"error\":\"400::message_invalid\"}]");
		get("/cometd", "cb", "[1]").expectStatus().isBadRequest();
		this.fixture.assertServes(bystander);
	}

	@Test
	void missingMessageIsRefused() {
		this.fixture.client.get().uri("/cometd?jsonp=cb").exchange().expectStatus().isBadRequest();
	}

	@Test
	void oversizedMessageIsRefusedWith413() {
		String bystander = this.fixture.connectedSession();
		String data = "x".repeat(TransportFixture.MAX_MESSAGE_SIZE);
		get("/cometd", "cb", "[{\"channel\":\"/check\",\"clientId\":\"" + bystander + "\",\"data\":\"" + data + "\"}]")
			.expectStatus()
			.isEqualTo(413)
			.expectBody(String.class)
			.isEqualTo("[{\"successful\":false,\"error\":\"413::message_too_large\"}]");
		this.fixture.assertServes(bystander);
	}

	private WebTestClient.ResponseSpec get(String path, String callback, String message) {
		return this.fixture.client.get().uri(uri(path, callback, message)).exchange();
	}

	private static URI uri(String path, String callback, String message) {
		return URI.create("http://localhost" + path + "?jsonp=" + URLEncoder.encode(callback, StandardCharsets.UTF_8)
				+ "&message=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
	}

	/** @return the replies passed to the callback, checking the script's exact shape */
	private static List<Map<String, Object>> arguments(String script, String callback) {
		String prefix = "/**/" + callback + "(";
		assertThat(script).startsWith(prefix).endsWith(");");
		return TransportFixture.parse(script.substring(prefix.length(), script.length() - 2));
	}

}
