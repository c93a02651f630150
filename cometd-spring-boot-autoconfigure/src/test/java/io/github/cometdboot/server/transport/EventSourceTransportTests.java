package io.github.cometdboot.server.transport;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventSourceTransport}, without a network and on virtual time.
 */
class EventSourceTransportTests {

	private final StreamingFixture fixture = new StreamingFixture();

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@Test
	void streamOpensWithRetryThenWritesEachBatchAsAnEventWithAnId() {
		String clientId = this.fixture.session("eventsource", "/chat");
		StepVerifier.create(events(clientId))
			.expectNext("retry:1500\n\n")
			.then(() -> this.fixture.publish("/chat", Map.of("text", "hi")))
			.assertNext((event) -> {
				assertThat(event).startsWith("id:1\ndata:").endsWith("\n\n");
				assertThat(TransportFixture.parse(event.substring("id:1\ndata:".length()))).singleElement()
					.satisfies((message) -> assertThat(message).containsEntry("channel", "/chat")
						.containsEntry("data", Map.of("text", "hi")));
			})
			.then(() -> this.fixture.publish("/chat", 2))
			.assertNext((event) -> assertThat(event).startsWith("id:2\ndata:[").endsWith("]\n\n"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void responseIsAnUncachedEventStream() {
		String clientId = this.fixture.session("eventsource", "/chat");
		WebTestClient.ResponseSpec response = this.fixture.client.get()
			.uri("/cometd/" + clientId)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange();
		response.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff");
		StepVerifier.create(response.returnResult(String.class).getResponseBody())
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void heartbeatCommentIsWrittenOnlyWhenAPeriodPassedWithoutEvents() {
		String clientId = this.fixture.session("eventsource", "/chat");
		StepVerifier.create(events(clientId))
			.expectNext("retry:1500\n\n")
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.HEARTBEAT))
			.expectNext(":heartbeat\n\n")
			// An event half a period before the next tick keeps that tick silent.
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.HEARTBEAT.dividedBy(2)))
			.then(() -> this.fixture.publish("/chat", "busy"))
			.assertNext((event) -> assertThat(event).startsWith("id:1\n"))
			// The tick that follows finds an event written less than a period ago: the next chunk is the
			// next event, not a heartbeat.
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.HEARTBEAT.dividedBy(2)))
			.then(() -> this.fixture.publish("/chat", "busy again"))
			.assertNext((event) -> assertThat(event).startsWith("id:2\n"))
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.HEARTBEAT))
			.expectNext(":heartbeat\n\n")
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void streamEndsAfterItsMaximumDurationAndMessagesWaitForTheNext() {
		String clientId = this.fixture.session("eventsource", "/chat");
		StepVerifier.create(events(clientId))
			.expectNext("retry:1500\n\n")
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.MAX_DURATION))
			.thenConsumeWhile((event) -> event.equals(":heartbeat\n\n"))
			.expectComplete()
			.verify(StreamingFixture.TIMEOUT);
		assertThat(this.fixture.streaming.openStreams()).isZero();
		this.fixture.publish("/chat", "after");
		assertThat(this.fixture.find(clientId).queueSize()).isOne();
		StepVerifier.create(events(clientId))
			.expectNext("retry:1500\n\n")
			.assertNext((event) -> assertThat(event).contains("\"after\""))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void reconnectWithLastEventIdReceivesTheLaterBatchesAgain() {
		String clientId = this.fixture.session("eventsource", "/chat");
		StepVerifier.create(events(clientId))
			.expectNext("retry:1500\n\n")
			.then(() -> this.fixture.publish("/chat", "one"))
			.assertNext((event) -> assertThat(event).startsWith("id:1\n"))
			.then(() -> this.fixture.publish("/chat", "two"))
			.assertNext((event) -> assertThat(event).startsWith("id:2\n"))
			.then(() -> this.fixture.publish("/chat", "three"))
			.assertNext((event) -> assertThat(event).startsWith("id:3\n"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
		// The client says it received only the first: the two after it were lost in flight.
		StepVerifier.create(events(clientId, "1"))
			.expectNext("retry:1500\n\n")
			.assertNext((event) -> assertThat(event).startsWith("id:2\n").contains("\"two\""))
			.assertNext((event) -> assertThat(event).startsWith("id:3\n").contains("\"three\""))
			.then(() -> this.fixture.publish("/chat", "four"))
			.assertNext((event) -> assertThat(event).startsWith("id:4\n").contains("\"four\""))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void newStreamWithoutLastEventIdReplaysNothing() {
		String clientId = this.fixture.session("eventsource", "/chat");
		StepVerifier.create(events(clientId))
			.expectNext("retry:1500\n\n")
			.then(() -> this.fixture.publish("/chat", "one"))
			.assertNext((event) -> assertThat(event).startsWith("id:1\n"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
		StepVerifier.create(events(clientId))
			.expectNext("retry:1500\n\n")
			.then(() -> this.fixture.publish("/chat", "two"))
			.assertNext((event) -> assertThat(event).startsWith("id:2\n").contains("\"two\""))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void lastEventIdThatIsNotOursStartsANewStream() {
		String clientId = this.fixture.session("eventsource", "/chat");
		StepVerifier.create(events(clientId))
			.expectNext("retry:1500\n\n")
			.then(() -> this.fixture.publish("/chat", "one"))
			.assertNext((event) -> assertThat(event).startsWith("id:1\n"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
		StepVerifier.create(events(clientId, "-1"))
			.expectNext("retry:1500\n\n")
			.then(() -> this.fixture.publish("/chat", "two"))
			.assertNext((event) -> assertThat(event).startsWith("id:2\n"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void connectNamingEventSourceIsHeldAsAHeartbeatWhileMessagesFlowOnTheStream() {
		String clientId = this.fixture.session("eventsource", "/chat");
		ServerSession session = this.fixture.find(clientId);
		this.fixture.publish("/chat", "queued before the stream");
		// Messages are queued, but an eventsource connect neither returns them nor returns early.
		MockServerHttpResponse response = new MockServerHttpResponse();
		MockServerHttpRequest connect = MockServerHttpRequest.post("/cometd/connect")
			.cookie(this.fixture.browserCookie())
			.contentType(MediaType.APPLICATION_JSON)
			.body(StreamingFixture.connect(clientId, "eventsource"));
		StepVerifier.create(this.fixture.httpHandler.handle(connect, response))
			.then(() -> assertThat(session.isConnectHeld()).isTrue())
			.then(() -> assertThat(session.transport()).isEqualTo("eventsource"))
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.CONNECT_TIMEOUT.minusMillis(1)))
			.then(() -> assertThat(response.isCommitted()).isFalse())
			.then(() -> this.fixture.scheduler.advanceTimeBy(Duration.ofMillis(1)))
			.expectComplete()
			.verify(StreamingFixture.TIMEOUT);
		assertThat(TransportFixture.parse(response)).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("channel", "/meta/connect")
				.containsEntry("successful", true));
		assertThat(session.queueSize()).isOne();
		StepVerifier.create(events(clientId))
			.expectNext("retry:1500\n\n")
			.assertNext((event) -> assertThat(event).contains("queued before the stream"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void unknownSessionIsRefusedWithSessionUnknown() {
		this.fixture.client.get()
			.uri("/cometd/nosuchclient")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.NOT_FOUND)
			.expectBody()
			.jsonPath("$[0].error")
			.isEqualTo("402::session_unknown");
	}

	@Test
	void getWithoutEventStreamAcceptIsNotAnEventSource() {
		String clientId = this.fixture.session("eventsource", "/chat");
		this.fixture.client.get()
			.uri("/cometd/" + clientId)
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void publishesFromThePostsOfAStreamingClientKeepItsConnectionType() {
		String clientId = this.fixture.session("eventsource", "/chat");
		List<Map<String, Object>> replies = this.fixture.post("""
				[{"channel":"/chat","clientId":"%s","data":"mine","id":"p"}]
				""".formatted(clientId));
		assertThat(replies.get(replies.size() - 1)).containsEntry("successful", true);
		assertThat(this.fixture.find(clientId).transport()).isEqualTo("eventsource");
	}

	private Flux<String> events(String clientId) {
		return this.fixture.open("/cometd/" + clientId, MediaType.TEXT_EVENT_STREAM);
	}

	private Flux<String> events(String clientId, String lastEventId) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(EventSourceTransport.LAST_EVENT_ID, lastEventId);
		return this.fixture.open("/cometd/" + clientId, MediaType.TEXT_EVENT_STREAM, headers);
	}

}
