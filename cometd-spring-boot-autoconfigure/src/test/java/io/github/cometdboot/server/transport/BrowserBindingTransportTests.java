package io.github.cometdboot.server.transport;

import java.util.Map;

import io.github.cometdboot.server.ServerObserver;
import io.github.cometdboot.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.http.HttpCookie;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a {@code clientId} copied into another browser neither acts for the session nor takes its
 * messages: over HTTP a request without the session's cookie is refused, and a websocket binds only
 * sessions of the browser whose cookie came with its upgrade. A websocket without any cookie is a
 * browser of its own, unless told to trust the {@code clientId} as CometD does.
 */
class BrowserBindingTransportTests {

	private final TransportFixture fixture = new TransportFixture();

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@Test
	void stolenClientIdOnAWebSocketIsUnknownAndGetsNoMessages() {
		String victim = this.fixture.connectedSession();
		this.fixture.subscribe(victim, "/private");
		ServerSession session = this.fixture.server.sessions().find(victim);
		TestWebSocketSession thief = new TestWebSocketSession(cookie(BrowserCookie.defaults().newBrowserId()));
		StepVerifier handler = StepVerifier.create(this.fixture.webSocket.handle(thief)).expectComplete().verifyLater();
		StepVerifier.create(thief.sent())
			.then(() -> thief.receive(TransportFixture.connect(victim, "websocket")))
			.consumeNextWith((frame) -> assertThat(TransportFixture.parse(frame)).singleElement()
				.satisfies((reply) -> assertThat(reply).containsEntry("error", "402::session_unknown")))
			.then(() -> this.fixture.server.publish("/private", Map.of("secret", 42)).block(TransportFixture.TIMEOUT))
			.then(thief::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
		assertThat(session.transport()).isEqualTo("long-polling");
		assertThat(session.queueSize()).as("the message waits for its owner").isOne();
		assertThat(this.fixture.server.statistics().refusedCount(ServerObserver.RefusalReason.BROWSER_MISMATCH))
			.isOne();
	}

	@Test
	void httpRequestWithAnotherCookieOrNoneIsRefused() {
		String victim = this.fixture.connectedSession();
		String subscribe = """
				[{"channel":"/meta/subscribe","clientId":"%s","subscription":"/private"}]
				""".formatted(victim);
		for (String browser : new String[] { BrowserCookie.defaults().newBrowserId(), null }) {
			WebTestClient.RequestBodySpec request = this.fixture.client.post().uri("/cometd");
			// The fixture client sends its own cookie; a client without one is built apart.
			WebTestClient.RequestBodySpec sent = (browser != null) ? request.cookie("BAYEUX_BROWSER", browser)
					: WebTestClient.bindToRouterFunction(this.fixture.router).build().post().uri("/cometd");
			sent.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(subscribe)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$[0].error")
				.isEqualTo("402::session_unknown");
		}
		assertThat(this.fixture.server.sessions().find(victim).subscriptions()).isEmpty();
	}

	@Test
	void webSocketWithoutAnyCookieIsRefusedByDefault() {
		String victim = this.fixture.connectedSession();
		assertSubscribeReply(this.fixture.webSocket, new TestWebSocketSession(), victim, "error",
				"402::session_unknown");
		assertThat(this.fixture.server.sessions().find(victim).subscriptions()).isEmpty();
	}

	@Test
	void webSocketWithoutAnyCookieIsTrustedWithTheClientIdWhenTheCookieIsNotRequiredAsInCometD() {
		String owner = this.fixture.connectedSession();
		WebSocketTransport trusting = new WebSocketTransport(this.fixture.server, BrowserCookie.defaults(),
				OriginCheck.sameOrigin(), this.fixture.connections, false);
		assertSubscribeReply(trusting, new TestWebSocketSession(), owner, "successful", true);
		assertThat(this.fixture.server.sessions().find(owner).subscriptions()).hasSize(1);
	}

	private static void assertSubscribeReply(WebSocketTransport transport, TestWebSocketSession socket, String clientId,
			String key, Object value) {
		StepVerifier handler = StepVerifier.create(transport.handle(socket)).expectComplete().verifyLater();
		StepVerifier.create(socket.sent())
			.then(() -> socket.receive("""
					[{"channel":"/meta/subscribe","clientId":"%s","subscription":"/private"}]
					""".formatted(clientId)))
			.consumeNextWith((frame) -> assertThat(TransportFixture.parse(frame)).singleElement()
				.satisfies((reply) -> assertThat(reply).containsEntry(key, value)))
			.then(socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void theOwnersWebSocketTakesTheSessionOver() {
		String owner = this.fixture.connectedSession();
		TestWebSocketSession socket = new TestWebSocketSession(cookie(this.fixture.browserCookie().getValue()));
		StepVerifier handler = StepVerifier.create(this.fixture.webSocket.handle(socket)).expectComplete().verifyLater();
		StepVerifier.create(socket.sent())
			.then(() -> socket.receive("""
					[{"channel":"/meta/subscribe","clientId":"%s","subscription":"/mine"}]
					""".formatted(owner)))
			.consumeNextWith((frame) -> assertThat(TransportFixture.parse(frame)).singleElement()
				.satisfies((reply) -> assertThat(reply).containsEntry("successful", true)))
			.then(() -> this.fixture.server.publish("/mine", "pushed").block(TransportFixture.TIMEOUT))
			.consumeNextWith((frame) -> assertThat(TransportFixture.parse(frame)).singleElement()
				.satisfies((message) -> assertThat(message).containsEntry("data", "pushed")))
			.then(socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
		assertThat(this.fixture.server.sessions().find(owner).transport()).isEqualTo("websocket");
	}

	private static MultiValueMap<String, HttpCookie> cookie(String browserId) {
		MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();
		cookies.add("BAYEUX_BROWSER", new HttpCookie("BAYEUX_BROWSER", browserId));
		return cookies;
	}

}
