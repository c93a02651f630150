package io.github.cometdboot.server.transport;

import java.util.List;
import java.util.Map;

import io.github.cometdboot.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session keeps its queue whatever carries it: tests of sessions that move between long-polling and
 * the streaming transports, and of the POSTs that carry a streaming client's requests.
 */
class StreamingTransportSwitchTests {

	private StreamingFixture fixture = new StreamingFixture();

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@Test
	void messagesQueuedWhileNoTransportIsAttachedArriveOnTheNextWhicheverItIs() {
		String clientId = this.fixture.session("long-polling", "/chat");
		this.fixture.publish("/chat", "for eventsource");
		StepVerifier.create(this.fixture.open("/cometd/" + clientId, MediaType.TEXT_EVENT_STREAM))
			.expectNextCount(1)
			.assertNext((event) -> assertThat(event).contains("for eventsource"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
		this.fixture.publish("/chat", "for multipart");
		StepVerifier.create(this.fixture.open("/cometd/multipart/" + clientId, MediaType.ALL))
			.expectNextCount(1)
			.assertNext((part) -> assertThat(part).contains("for multipart"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
		this.fixture.publish("/chat", "for forever-frame");
		StepVerifier.create(this.fixture.open("/cometd/forever-frame/" + clientId + "?callback=cb", MediaType.TEXT_HTML))
			.expectNextCount(1)
			.assertNext((script) -> assertThat(script).contains("for forever-frame"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
		this.fixture.publish("/chat", "for long-polling");
		List<Map<String, Object>> replies = this.fixture.post(StreamingFixture.connect(clientId, "long-polling"));
		assertThat(replies).hasSize(2);
		assertThat(replies.get(0)).containsEntry("data", "for long-polling");
		assertThat(replies.get(1)).containsEntry("channel", "/meta/connect");
		assertThat(this.fixture.find(clientId).queueSize()).isZero();
	}

	@Test
	void longPollThatTakesOverEndsTheStreamAndGetsTheNextMessages() {
		String clientId = this.fixture.session("eventsource", "/chat");
		ServerSession session = this.fixture.find(clientId);
		StepVerifier stream = StepVerifier.create(this.fixture.open("/cometd/" + clientId, MediaType.TEXT_EVENT_STREAM))
			.expectNextCount(1)
			.expectComplete()
			.verifyLater();
		MockServerHttpResponse response = new MockServerHttpResponse();
		MockServerHttpRequest connect = MockServerHttpRequest.post("/cometd/connect")
			.cookie(this.fixture.browserCookie())
			.contentType(MediaType.APPLICATION_JSON)
			.body(StreamingFixture.connect(clientId, "long-polling"));
		StepVerifier.create(this.fixture.httpHandler.handle(connect, response))
			.then(() -> assertThat(session.isConnectHeld()).isTrue())
			.then(() -> stream.verify(StreamingFixture.TIMEOUT))
			.then(() -> this.fixture.publish("/chat", "to the long poll"))
			.expectComplete()
			.verify(StreamingFixture.TIMEOUT);
		List<Map<String, Object>> replies = TransportFixture.parse(response);
		assertThat(replies).hasSize(2);
		assertThat(replies.get(0)).containsEntry("data", "to the long poll");
		assertThat(this.fixture.streaming.openStreams()).isZero();
	}

	@Test
	void newStreamOfTheSessionTakesOverFromTheOpenOne() {
		String clientId = this.fixture.session("multipart", "/chat");
		StepVerifier first = StepVerifier.create(this.fixture.open("/cometd/multipart/" + clientId, MediaType.ALL))
			.expectNextCount(1)
			.assertNext((end) -> assertThat(end).endsWith("--\r\n"))
			.expectComplete()
			.verifyLater();
		StepVerifier.create(this.fixture.open("/cometd/" + clientId, MediaType.TEXT_EVENT_STREAM))
			.expectNextCount(1)
			.then(() -> first.verify(StreamingFixture.TIMEOUT))
			.then(() -> this.fixture.publish("/chat", "to the new stream"))
			.assertNext((event) -> assertThat(event).contains("to the new stream"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void streamEndsWithTheSession() {
		String clientId = this.fixture.session("eventsource", "/chat");
		Flux<String> stream = this.fixture.open("/cometd/" + clientId, MediaType.TEXT_EVENT_STREAM);
		StepVerifier.create(stream)
			.expectNextCount(1)
			.then(() -> assertThat(this.fixture.post("""
					[{"channel":"/meta/disconnect","clientId":"%s","id":"d"}]
					""".formatted(clientId))).singleElement()
				.satisfies((reply) -> assertThat(reply).containsEntry("successful", true)))
			.expectComplete()
			.verify(StreamingFixture.TIMEOUT);
		assertThat(this.fixture.streaming.openStreams()).isZero();
	}

	@Test
	void postsAreRoutedForTheStreamsWhenLongPollingIsDisabled() {
		this.fixture.stop();
		this.fixture = new StreamingFixture(null, false);
		List<Map<String, Object>> replies = this.fixture.post("""
				[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["eventsource"],"id":"h"}]
				""");
		assertThat(replies).singleElement().satisfies((reply) -> assertThat(reply).containsEntry("successful", true)
			.containsEntry("supportedConnectionTypes", List.of("eventsource", "forever-frame", "multipart")));
		String clientId = this.fixture.session("eventsource", "/chat");
		StepVerifier.create(this.fixture.open("/cometd/" + clientId, MediaType.TEXT_EVENT_STREAM))
			.expectNextCount(1)
			.then(() -> this.fixture.publish("/chat", "without long-polling"))
			.assertNext((event) -> assertThat(event).contains("without long-polling"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void connectNamingAStreamingTypeTheServerDoesNotServeIsAPoll() {
		TransportFixture polling = new TransportFixture();
		try {
			String clientId = polling.connectedSession();
			polling.subscribe(clientId, "/chat");
			polling.server.publish("/chat", "polled").block(StreamingFixture.TIMEOUT);
			List<Map<String, Object>> replies = polling.post("/cometd/connect",
					TransportFixture.connect(clientId, EventSourceTransport.NAME));
			assertThat(replies).hasSize(2);
			assertThat(replies.get(0)).containsEntry("data", "polled");
		}
		finally {
			polling.stop();
		}
	}

}
