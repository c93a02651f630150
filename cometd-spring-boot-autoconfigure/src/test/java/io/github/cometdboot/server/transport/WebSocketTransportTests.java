package io.github.cometdboot.server.transport;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.cometdboot.CometSession;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.http.HttpCookie;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebSocketTransport} on a {@link TestWebSocketSession}: no network, and time runs
 * only when the test advances the fixture's virtual clock.
 */
class WebSocketTransportTests {

	private static final String INVALID = "[{\"successful\":false,\"error\":\"400::message_invalid\"}]";

	private static final String TOO_LARGE = "[{\"successful\":false,\"error\":\"413::message_too_large\"}]";

	private TransportFixture fixture = new TransportFixture();

	/** The browser of {@link #socket}, as a client sends the cookie its first upgrade response set. */
	private final MultiValueMap<String, HttpCookie> browser = browserCookie();

	private final TestWebSocketSession socket = new TestWebSocketSession(this.browser);

	private final AtomicReference<String> clientId = new AtomicReference<>();

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@Test
	void handshakeOverWebSocket() {
		StepVerifier handler = handle(this.socket);
		StepVerifier.create(this.socket.sent())
			.then(() -> this.socket.receive("""
					[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["websocket"],"id":"1"}]
					"""))
			.consumeNextWith((frame) -> assertThat(TransportFixture.parse(frame)).singleElement().satisfies((reply) -> {
				assertThat(reply).containsEntry("channel", "/meta/handshake")
					.containsEntry("successful", true)
					.containsEntry("id", "1")
					.containsEntry("supportedConnectionTypes", List.of("websocket", "long-polling", "callback-polling"));
				ServerSession session = this.fixture.server.sessions().find((String) reply.get("clientId"));
				assertThat(session).isNotNull();
				assertThat(session.transport()).isEqualTo("websocket");
			}))
			.then(this.socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void browserCookieOfTheUpgradeRequestIdentifiesTheBrowser() {
		String browserId = BrowserCookie.defaults().newBrowserId();
		MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();
		cookies.add("BAYEUX_BROWSER", new HttpCookie("BAYEUX_BROWSER", browserId));
		TestWebSocketSession socket = new TestWebSocketSession(cookies);
		StepVerifier handler = handle(socket);
		StepVerifier.create(socket.sent())
			.then(() -> socket.receive(TransportFixture.handshakeRequest()))
			.consumeNextWith(this::handshakeReply)
			.then(() -> assertThat(session().browserId()).isEqualTo(browserId))
			.then(socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void sessionKeepsTheAuthenticatedPrincipalOfTheUpgradeRequest() {
		Principal carol = () -> "carol";
		TestWebSocketSession socket = new TestWebSocketSession(new LinkedMultiValueMap<>(), Mono.just(carol));
		StepVerifier handler = handle(socket);
		StepVerifier.create(socket.sent())
			.then(() -> socket.receive(TransportFixture.handshakeRequest()))
			.consumeNextWith(this::handshakeReply)
			.then(() -> assertThat(session().principal()).isSameAs(carol))
			.then(socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void heldConnectIsHeartbeatWhilePublishedMessageIsPushedInItsOwnFrame() {
		StepVerifier handler = handle(this.socket);
		String publisher = this.fixture.connectedSession();
		connected(this.socket).then(() -> this.socket.receive(subscribe("/chat")))
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/subscribe"))
			.then(() -> this.socket.receive(connect()))
			.then(() -> assertThat(session().isConnectHeld()).isTrue())
			.then(() -> this.fixture.post("/cometd", """
					[{"channel":"/chat","clientId":"%s","data":{"text":"hi"}}]
					""".formatted(publisher)))
			.consumeNextWith((frame) -> assertThat(TransportFixture.parse(frame)).singleElement()
				.satisfies((message) -> assertThat(message).containsEntry("channel", "/chat")
					.containsEntry("data", Map.of("text", "hi"))
					.doesNotContainKey("clientId")))
			.then(() -> assertThat(session().isConnectHeld()).isTrue())
			.then(() -> this.fixture.scheduler.advanceTimeBy(TransportFixture.CONNECT_TIMEOUT))
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/connect"))
			.then(() -> assertThat(session().isConnectHeld()).isFalse())
			.then(this.socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void messagesQueuedWhileDisconnectedShareOneFrameOnReconnect() {
		StepVerifier firstHandler = handle(this.socket);
		connected(this.socket).then(() -> this.socket.receive(subscribe("/chat")))
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/subscribe"))
			.then(this.socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		firstHandler.verify(TransportFixture.TIMEOUT);
		this.fixture.server.publish("/chat", "one").block(TransportFixture.TIMEOUT);
		this.fixture.server.publish("/chat", "two").block(TransportFixture.TIMEOUT);
		assertThat(session().queueSize()).isEqualTo(2);
		TestWebSocketSession reconnected = new TestWebSocketSession(this.browser);
		StepVerifier secondHandler = handle(reconnected);
		StepVerifier.create(reconnected.sent())
			.then(() -> reconnected.receive(connect()))
			.consumeNextWith((frame) -> {
				List<Map<String, Object>> messages = TransportFixture.parse(frame);
				assertThat(messages).extracting((message) -> message.get("data")).containsExactly("one", "two");
				assertThat(messages).allSatisfy((message) -> assertThat(message).containsEntry("channel", "/chat"));
			})
			.then(() -> assertThat(session().queueSize()).isZero())
			.then(() -> assertThat(session().isConnectHeld()).isTrue())
			.then(reconnected::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		secondHandler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void malformedFrameGetsErrorFrameAndConnectionKeepsWorking() {
		StepVerifier handler = handle(this.socket);
		connected(this.socket).then(() -> this.socket.receive("[{"))
			.expectNext(INVALID)
			.then(() -> this.socket.receive("42"))
			.expectNext(INVALID)
			.then(() -> this.socket.receive("[1,2]"))
			.expectNext(INVALID)
			.then(() -> this.socket.receive(subscribe("/chat")))
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/subscribe"))
			.then(() -> this.socket.receive(publish("/chat", "\"after\"")))
			.recordWith(ArrayList::new)
			.expectNextCount(2)
			.consumeRecordedWith((frames) -> assertThat(frames).containsExactlyInAnyOrder(
					"[{\"channel\":\"/chat\",\"data\":\"after\"}]", "[{\"channel\":\"/chat\",\"successful\":true}]"))
			.then(this.socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void badMessagesGetBayeuxErrorsAndConnectionKeepsWorking() {
		StepVerifier handler = handle(this.socket);
		connected(this.socket).then(() -> this.socket.receive("[{\"data\":1}]"))
			.consumeNextWith((frame) -> assertError(frame, "400::channel_missing"))
			.then(() -> this.socket.receive(TransportFixture.connect("forged", "websocket")))
			.consumeNextWith((frame) -> assertThat(TransportFixture.parse(frame)).singleElement().satisfies((reply) -> {
				assertThat(reply).containsEntry("error", "402::session_unknown");
				assertThat(reply.get("advice")).isEqualTo(Map.of("reconnect", "handshake", "interval", 0));
			}))
			.then(() -> this.socket.receive(publish("/a/**", "1")))
			.consumeNextWith((frame) -> assertError(frame, "405::channel_invalid"))
			.then(() -> this.socket.receive(subscribe("/chat")))
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/subscribe"))
			.then(this.socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void oversizedFrameGetsErrorFrameAndConnectionKeepsWorking() {
		StepVerifier handler = handle(this.socket);
		connected(this.socket)
			.then(() -> this.socket.receive(publish("/chat", "\"" + "x".repeat(TransportFixture.MAX_MESSAGE_SIZE) + "\"")))
			.expectNext(TOO_LARGE)
			.then(() -> this.socket.receive(subscribe("/chat")))
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/subscribe"))
			.then(this.socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void framesAreProcessedWhileConnectIsHeld() {
		StepVerifier handler = handle(this.socket);
		connected(this.socket).then(() -> this.socket.receive(connect()))
			.then(() -> assertThat(session().isConnectHeld()).isTrue())
			.then(() -> this.socket.receive(subscribe("/chat")))
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/subscribe"))
			.then(() -> this.socket.receive(publish("/chat", "{\"n\":1}")))
			.recordWith(ArrayList::new)
			.expectNextCount(2)
			.consumeRecordedWith((frames) -> assertThat(frames).containsExactlyInAnyOrder(
					"[{\"channel\":\"/chat\",\"data\":{\"n\":1}}]", "[{\"channel\":\"/chat\",\"successful\":true}]"))
			.then(() -> assertThat(session().isConnectHeld()).isTrue())
			.then(() -> this.fixture.scheduler.advanceTimeBy(TransportFixture.CONNECT_TIMEOUT))
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/connect"))
			.then(this.socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void closingInboundCompletesHandlerAndReleasesHeldConnect() {
		StepVerifier handler = handle(this.socket);
		connected(this.socket).then(() -> this.socket.receive(subscribe("/chat")))
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/subscribe"))
			.then(() -> this.socket.receive(connect()))
			.then(() -> assertThat(session().isConnectHeld()).isTrue())
			.then(this.socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
		ServerSession session = session();
		assertThat(session.isConnectHeld()).isFalse();
		assertThat(session.isEnded()).isFalse();
		// The push loop is gone: a message now waits in the session's queue for the next connection.
		this.fixture.server.publish("/chat", "later").block(TransportFixture.TIMEOUT);
		assertThat(session.queueSize()).isEqualTo(1);
	}

	@Test
	void disconnectEndsSessionAndAnswersHeldConnect() {
		StepVerifier handler = handle(this.socket);
		connected(this.socket).then(() -> this.socket.receive(connect()))
			.then(() -> this.socket.receive("""
					[{"channel":"/meta/disconnect","clientId":"%s","id":"d"}]
					""".formatted(this.clientId.get())))
			.recordWith(ArrayList::new)
			.expectNextCount(2)
			.consumeRecordedWith((frames) -> assertThat(frames).allSatisfy((frame) -> assertThat(
					TransportFixture.parse(frame)).singleElement().satisfies((reply) -> assertThat(reply)
						.containsEntry("successful", true)
						.containsKey("channel"))))
			.then(() -> assertThat(this.fixture.server.sessions().find(this.clientId.get())).isNull())
			.then(this.socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	@Test
	void laterFrameIsReadOnArrivalWhileAnEarlierOneWaitsForTheSecurityPolicy() {
		this.fixture.stop();
		Sinks.One<Boolean> gate = Sinks.one();
		this.fixture = new TransportFixture(new SecurityPolicy() {

			@Override
			public Mono<Boolean> canPublish(CometSession session, ChannelId channel, Message message) {
				return channel.name().equals("/slow") ? gate.asMono() : Mono.just(true);
			}

		});
		StepVerifier handler = handle(this.socket);
		connected(this.socket).then(() -> this.socket.receive(publish("/slow", "1")))
			.then(() -> this.socket.receive(subscribe("/chat")))
			.then(() -> gate.tryEmitValue(true))
			.expectNext("[{\"channel\":\"/slow\",\"successful\":true}]")
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/subscribe"))
			.then(this.socket::closeInbound)
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		handler.verify(TransportFixture.TIMEOUT);
	}

	private StepVerifier handle(TestWebSocketSession socket) {
		return StepVerifier.create(this.fixture.webSocket.handle(socket)).expectComplete().verifyLater();
	}

	/** Handshake and make the first connect, which is answered at once. */
	private StepVerifier.Step<String> connected(TestWebSocketSession socket) {
		return StepVerifier.create(socket.sent())
			.then(() -> socket.receive(TransportFixture.handshakeRequest()))
			.consumeNextWith(this::handshakeReply)
			.then(() -> socket.receive(connect()))
			.consumeNextWith((frame) -> assertSuccessful(frame, "/meta/connect"));
	}

	private void handshakeReply(String frame) {
		assertThat(TransportFixture.parse(frame)).singleElement().satisfies((reply) -> {
			assertThat(reply).containsEntry("channel", "/meta/handshake").containsEntry("successful", true);
			this.clientId.set((String) reply.get("clientId"));
		});
	}

	private ServerSession session() {
		ServerSession session = this.fixture.server.sessions().find(this.clientId.get());
		assertThat(session).isNotNull();
		return session;
	}

	private String connect() {
		return TransportFixture.connect(this.clientId.get(), "websocket");
	}

	private String subscribe(String channel) {
		return """
				[{"channel":"/meta/subscribe","clientId":"%s","subscription":"%s"}]
				""".formatted(this.clientId.get(), channel);
	}

	private String publish(String channel, String data) {
		return """
				[{"channel":"%s","clientId":"%s","data":%s}]
				""".formatted(channel, this.clientId.get(), data);
	}

	private static void assertSuccessful(String frame, String channel) {
		assertThat(TransportFixture.parse(frame)).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("channel", channel).containsEntry("successful", true));
	}

	private static void assertError(String frame, String error) {
		assertThat(TransportFixture.parse(frame)).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("successful", false).containsEntry("error", error));
	}

	private static MultiValueMap<String, HttpCookie> browserCookie() {
		MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();
		cookies.add("BAYEUX_BROWSER", new HttpCookie("BAYEUX_BROWSER", BrowserCookie.defaults().newBrowserId()));
		return cookies;
	}

}
