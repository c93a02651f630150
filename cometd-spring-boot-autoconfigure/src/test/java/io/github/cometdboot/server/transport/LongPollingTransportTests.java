package io.github.cometdboot.server.transport;

import java.util.List;
import java.util.Map;

import io.github.cometdboot.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LongPollingTransport} routed by {@link BayeuxRoutes}, without a server.
 */
class LongPollingTransportTests {

	private final TransportFixture fixture = new TransportFixture();

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/cometd", "/cometd/", "/cometd/handshake" })
	void handshakeIsAcceptedAtThePathAndItsSubPaths(String path) {
		List<Map<String, Object>> replies = this.fixture.post(path, TransportFixture.handshakeRequest());
		assertThat(replies).singleElement().satisfies((reply) -> {
			assertThat(reply).containsEntry("channel", "/meta/handshake")
				.containsEntry("successful", true)
				.containsEntry("id", "h")
				.containsEntry("version", "1.0")
				.containsEntry("supportedConnectionTypes", List.of("websocket", "long-polling", "callback-polling"));
			assertThat((String) reply.get("clientId")).isNotBlank();
			assertThat(this.fixture.server.sessions().find((String) reply.get("clientId"))).isNotNull();
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "/cometd", "/cometd/", "/cometd/connect" })
	void connectIsAcceptedAtThePathAndItsSubPaths(String path) {
		String clientId = this.fixture.handshake();
		List<Map<String, Object>> replies = this.fixture.post(path, TransportFixture.connect(clientId));
		assertThat(replies).singleElement().satisfies((reply) -> assertThat(reply)
			.containsEntry("channel", "/meta/connect")
			.containsEntry("clientId", clientId)
			.containsEntry("successful", true)
			.containsKey("advice"));
	}

	@Test
	void getWithoutJsonpNorUpgradeIsNotRouted() {
		this.fixture.client.get().uri("/cometd").exchange().expectStatus().isNotFound();
	}

	@Test
	void postOutsideThePathIsNotRouted() {
		this.fixture.client.post()
			.uri("/cometdx")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TransportFixture.handshakeRequest())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void heldConnectReturnsMessagePublishedByAnotherClientBeforeItsReply() {
		String subscriber = this.fixture.connectedSession();
		this.fixture.subscribe(subscriber, "/chat/room");
		String publisher = this.fixture.connectedSession();
		ServerSession session = this.fixture.server.sessions().find(subscriber);
		MockServerHttpResponse response = new MockServerHttpResponse();
		Mono<Void> heldConnect = this.fixture.httpHandler.handle(connectRequest(subscriber), response);
		StepVerifier.create(heldConnect)
			.then(() -> assertThat(session.isConnectHeld()).isTrue())
			.then(() -> {
				List<Map<String, Object>> replies = this.fixture.post("/cometd", """
						[{"channel":"/chat/room","clientId":"%s","data":{"text":"hello"},"id":"42"}]
						""".formatted(publisher));
				assertThat(replies).singleElement()
					.satisfies((reply) -> assertThat(reply).containsEntry("successful", true).containsEntry("id", "42"));
			})
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		List<Map<String, Object>> replies = TransportFixture.parse(response);
		assertThat(replies).hasSize(2);
		assertThat(replies.get(0)).containsEntry("channel", "/chat/room")
			.containsEntry("data", Map.of("text", "hello"))
			.doesNotContainKey("clientId");
		assertThat(replies.get(1)).containsEntry("channel", "/meta/connect")
			.containsEntry("clientId", subscriber)
			.containsEntry("successful", true);
		assertThat(session.isConnectHeld()).isFalse();
	}

	@Test
	void heldConnectIsAnsweredWithoutMessagesWhenTheTimeoutRunsOut() {
		String clientId = this.fixture.connectedSession();
		MockServerHttpResponse response = new MockServerHttpResponse();
		Mono<Void> heldConnect = this.fixture.httpHandler.handle(connectRequest(clientId), response);
		StepVerifier.create(heldConnect)
			.then(() -> this.fixture.scheduler.advanceTimeBy(TransportFixture.CONNECT_TIMEOUT.minusMillis(1)))
			.then(() -> assertThat(response.isCommitted()).isFalse())
			.then(() -> this.fixture.scheduler.advanceTimeBy(TransportFixture.CONNECT_TIMEOUT))
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		List<Map<String, Object>> replies = TransportFixture.parse(response);
		assertThat(replies).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("channel", "/meta/connect")
				.containsEntry("successful", true));
	}

	@Test
	void replyIsJsonWithItsLength() {
		postHandshake()
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.consumeWith((result) -> {
				assertThat(result.getResponseBody()).isNotEmpty();
				assertThat(result.getResponseHeaders().getContentLength()).isEqualTo(result.getResponseBody().length);
			});
	}

	@Test
	void browserCookieIsSetWhenAbsent() {
		postHandshake()
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectCookie()
			.exists("BAYEUX_BROWSER")
			.expectCookie()
			.httpOnly("BAYEUX_BROWSER", true)
			.expectCookie()
			.path("BAYEUX_BROWSER", "/")
			.expectCookie()
			.value("BAYEUX_BROWSER", (value) -> assertThat(value).matches("[A-Za-z0-9_-]{16,64}"));
	}

	@Test
	void browserCookieIsNotSetAgainWhenPresent() {
		String browserId = BrowserCookie.defaults().newBrowserId();
		String clientId = postHandshake()
			.cookie("BAYEUX_BROWSER", browserId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String id = (String) TransportFixture.parse(clientId).get(0).get("clientId");
		assertThat(this.fixture.server.sessions().find(id).browserId()).isEqualTo(browserId);
	}

	@ParameterizedTest
	@ValueSource(strings = { "short", "sixteen-chars-ok!", "0123456789abcdef.", "0123456789abcdef0123456789abcdef"
			+ "0123456789abcdef0123456789abcdef0" })
	void malformedBrowserCookieIsReplaced(String malformed) {
		postHandshake()
			.cookie("BAYEUX_BROWSER", malformed)
			.exchange()
			.expectStatus()
			.isOk()
			.expectCookie()
			.value("BAYEUX_BROWSER", (value) -> assertThat(value).isNotEqualTo(malformed).hasSizeGreaterThanOrEqualTo(16));
	}

	@Test
	void sessionKeepsTheAuthenticatedPrincipalOfItsHandshake() {
		String body = this.fixture.clientAs("alice")
			.post()
			.uri("/cometd/handshake")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TransportFixture.handshakeRequest())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		ServerSession session = this.fixture.server.sessions()
			.find((String) TransportFixture.parse(body).get(0).get("clientId"));
		assertThat(session.principal()).isNotNull();
		assertThat(session.principal().getName()).isEqualTo("alice");
		assertThat(this.fixture.server.sessions().find(this.fixture.handshake()).principal()).isNull();
	}

	@Test
	void secondSessionOfBrowserHoldingLongPollIsToldToPoll() {
		String browserId = BrowserCookie.defaults().newBrowserId();
		String first = handshake(browserId);
		String second = handshake(browserId);
		connect(second, browserId);
		connect(first, browserId);
		MockServerHttpResponse response = new MockServerHttpResponse();
		MockServerHttpRequest request = MockServerHttpRequest.post("/cometd/connect")
			.cookie(new HttpCookie("BAYEUX_BROWSER", browserId))
			.contentType(MediaType.APPLICATION_JSON)
			.body(TransportFixture.connect(first));
		StepVerifier.create(this.fixture.httpHandler.handle(request, response))
			.then(() -> assertThat(this.fixture.server.sessions().find(first).isConnectHeld()).isTrue())
			.then(() -> assertThat(connect(second, browserId)).singleElement().satisfies((reply) -> {
				assertThat(reply).containsEntry("successful", true);
				assertThat(reply.get("advice"))
					.isEqualTo(Map.of("reconnect", "retry", "interval", 2000, "multiple-clients", true));
			}))
			.then(() -> this.fixture.scheduler.advanceTimeBy(TransportFixture.CONNECT_TIMEOUT))
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void clientIdIsRefusedFromAnotherBrowser() {
		String owner = BrowserCookie.defaults().newBrowserId();
		String clientId = handshake(owner);
		String thief = BrowserCookie.defaults().newBrowserId();
		List<Map<String, Object>> replies = this.fixture.client.post()
			.uri("/cometd")
			.cookie("BAYEUX_BROWSER", thief)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					[{"channel":"/meta/subscribe","clientId":"%s","subscription":"/private"}]
					""".formatted(clientId))
			.exchange()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(replies).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("error", "402::session_unknown"));
	}

	private String handshake(String browserId) {
		List<Map<String, Object>> replies = postHandshake()
			.cookie("BAYEUX_BROWSER", browserId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		return (String) replies.get(0).get("clientId");
	}

	private List<Map<String, Object>> connect(String clientId, String browserId) {
		return this.fixture.client.post()
			.uri("/cometd/connect")
			.cookie("BAYEUX_BROWSER", browserId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TransportFixture.connect(clientId))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private MockServerHttpRequest connectRequest(String clientId) {
		return MockServerHttpRequest.post("/cometd/connect")
			.cookie(this.fixture.browserCookie())
			.contentType(MediaType.APPLICATION_JSON)
			.body(TransportFixture.connect(clientId));
	}

	private WebTestClient.RequestHeadersSpec<?> postHandshake() {
		return this.fixture.client.post()
			.uri("/cometd/handshake")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(TransportFixture.handshakeRequest());
	}

}
