package io.github.cometdboot.server.transport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MultipartTransport}, without a network and on virtual time.
 */
class MultipartTransportTests {

	private static final Pattern PART = Pattern
		.compile("--(?<boundary>[^\\r\\n]+)\\r\\nContent-Type: application/json\\r\\nContent-Length: (?<length>\\d+)\\r\\n\\r\\n(?<body>.*)\\r\\n",
				Pattern.DOTALL);

	private final StreamingFixture fixture = new StreamingFixture();

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@Test
	void everyPartIsAJsonArrayAfterTheBoundaryNamedInTheContentType() {
		String clientId = this.fixture.session("multipart", "/chat");
		AtomicReference<String> boundary = new AtomicReference<>();
		StepVerifier.create(this.fixture.client.get()
			.uri("/cometd/multipart/{clientId}", clientId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value(HttpHeaders.CONTENT_TYPE, (type) -> {
				MediaType mediaType = MediaType.parseMediaType(type);
				assertThat(mediaType.getType()).isEqualTo("multipart");
				assertThat(mediaType.getSubtype()).isEqualTo("x-mixed-replace");
				assertThat(mediaType.getParameter("boundary")).matches("[A-Za-z0-9_-]{20,70}");
				boundary.set(mediaType.getParameter("boundary"));
			})
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.returnResult(byte[].class)
			.getResponseBody()
			.map((bytes) -> new String(bytes, StandardCharsets.UTF_8)))
			// The stream opens with an empty part, which commits the response at once.
			.assertNext((part) -> assertThat(body(part, boundary.get())).isEqualTo("[]"))
			.then(() -> this.fixture.publish("/chat", Map.of("text", "héllo")))
			.assertNext((part) -> assertThat(TransportFixture.parse(body(part, boundary.get()))).singleElement()
				.satisfies((message) -> assertThat(message).containsEntry("channel", "/chat")
					.containsEntry("data", Map.of("text", "héllo"))))
			.then(() -> this.fixture.publish("/chat", 2))
			.assertNext((part) -> assertThat(TransportFixture.parse(body(part, boundary.get()))).singleElement()
				.satisfies((message) -> assertThat(message).containsEntry("data", 2)))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void heartbeatIsAnEmptyPartOnlyWhileIdleAndTheCloseDelimiterEndsTheStream() {
		String clientId = this.fixture.session("multipart", "/chat");
		AtomicReference<String> boundary = new AtomicReference<>();
		StepVerifier.create(this.fixture.open("/cometd/multipart/" + clientId, MediaType.ALL))
			.assertNext((part) -> boundary.set(boundaryOf(part)))
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.HEARTBEAT))
			.assertNext((part) -> assertThat(body(part, boundary.get())).isEqualTo("[]"))
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.HEARTBEAT.dividedBy(2)))
			.then(() -> this.fixture.publish("/chat", "busy"))
			.assertNext((part) -> assertThat(body(part, boundary.get())).contains("busy"))
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.HEARTBEAT.dividedBy(2)))
			.then(() -> this.fixture.publish("/chat", "busy again"))
			.assertNext((part) -> assertThat(body(part, boundary.get())).contains("busy again"))
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.MAX_DURATION))
			.thenConsumeWhile((part) -> part.endsWith("\r\n\r\n[]\r\n"))
			.assertNext((end) -> assertThat(end).isEqualTo("--" + boundary.get() + "--\r\n"))
			.expectComplete()
			.verify(StreamingFixture.TIMEOUT);
		assertThat(this.fixture.streaming.openStreams()).isZero();
	}

	@Test
	void unknownSessionIsRefusedWithSessionUnknown() {
		this.fixture.client.get()
			.uri("/cometd/multipart/nosuchclient")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.NOT_FOUND)
			.expectBody()
			.jsonPath("$[0].error")
			.isEqualTo("402::session_unknown");
	}

	@Test
	void everyStreamHasItsOwnBoundary() {
		String clientId = this.fixture.session("multipart", "/chat");
		List<String> boundaries = new java.util.ArrayList<>();
		for (int i = 0; i < 2; i++) {
			StepVerifier.create(this.fixture.open("/cometd/multipart/" + clientId, MediaType.ALL))
				.assertNext((part) -> boundaries.add(boundaryOf(part)))
				.thenCancel()
				.verify(StreamingFixture.TIMEOUT);
		}
		assertThat(boundaries).doesNotHaveDuplicates();
	}

	/** The body of one whole part, checked against its Content-Length. */
	static String body(String part, String boundary) {
		Matcher matcher = PART.matcher(part);
		assertThat(matcher.matches()).as("a whole part: %s", part).isTrue();
		assertThat(matcher.group("boundary")).isEqualTo(boundary);
		String body = matcher.group("body");
		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(Integer.parseInt(matcher.group("length")));
		return body;
	}

	static String boundaryOf(String part) {
		Matcher matcher = PART.matcher(part);
		assertThat(matcher.matches()).as("a whole part: %s", part).isTrue();
		return matcher.group("boundary");
	}

}
