package io.github.cometdboot.server.transport;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.cors.CorsConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ForeverFrameTransport}, without a network and on virtual time.
 */
class ForeverFrameTransportTests {

	private StreamingFixture fixture = new StreamingFixture();

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@Test
	void documentStartsWithOverAKilobyteOfPaddingThenCallsTheParentOncePerBatch() {
		String clientId = this.fixture.session("forever-frame", "/chat");
		StepVerifier.create(frame(clientId, "callback=top.bayeux.receive"))
			.assertNext((preamble) -> {
				assertThat(preamble).startsWith("<!DOCTYPE html><html><head><meta charset=\"utf-8\">")
					.endsWith("-->\n")
					.doesNotContain("<script");
				assertThat(preamble.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
					.isGreaterThan(ForeverFrameTransport.PADDING);
			})
			.then(() -> this.fixture.publish("/chat", Map.of("text", "hi")))
			.assertNext((script) -> {
				assertThat(script).startsWith("<script>parent.top.bayeux.receive([").endsWith("]);</script>\n");
				assertThat(messages(script, "parent.top.bayeux.receive(", ");")).singleElement()
					.satisfies((message) -> assertThat(message).containsEntry("channel", "/chat")
						.containsEntry("data", Map.of("text", "hi")));
			})
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void responseIsAnUncachedHtmlDocumentThatOnlyItsOwnOriginMayFrame() {
		String clientId = this.fixture.session("forever-frame", "/chat");
		StepVerifier.create(this.fixture.client.get()
			.uri("/cometd/forever-frame/{clientId}?callback=cb", clientId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/html;charset=UTF-8")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals("Content-Security-Policy", "frame-ancestors 'self'")
			.returnResult(byte[].class)
			.getResponseBody())
			.expectNextCount(1)
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void messagesCannotEndTheScriptBlock() {
		String clientId = this.fixture.session("forever-frame", "/chat");
		String hostile = "</script><script>alert(1)</script><!-- & \u2028\u2029 >";
		StepVerifier.create(frame(clientId, "callback=cb"))
			.expectNextCount(1)
			.then(() -> this.fixture.publish("/chat", hostile))
			.assertNext((script) -> {
				assertThat(script).startsWith("<script>parent.cb(").endsWith(");</script>\n");
				String json = script.substring("<script>parent.cb(".length(), script.length() - ");</script>\n".length());
				assertThat(json).doesNotContain("<", ">", "&", "\u2028", "\u2029")
					.contains("\\u003c/script\\u003e", "\\u0026", "\\u2028", "\\u2029");
				// Still the same data for the JavaScript that reads it.
				assertThat(TransportFixture.parse(json)).singleElement()
					.satisfies((message) -> assertThat(message).containsEntry("data", hostile));
			})
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void heartbeatCallsTheParentWithAnEmptyArrayOnlyWhileIdle() {
		String clientId = this.fixture.session("forever-frame", "/chat");
		StepVerifier.create(frame(clientId, "callback=cb"))
			.expectNextCount(1)
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.HEARTBEAT))
			.expectNext("<script>parent.cb([]);</script>\n")
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.HEARTBEAT.dividedBy(2)))
			.then(() -> this.fixture.publish("/chat", "busy"))
			.assertNext((script) -> assertThat(script).contains("busy"))
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.HEARTBEAT.dividedBy(2)))
			.then(() -> this.fixture.publish("/chat", "busy again"))
			.assertNext((script) -> assertThat(script).contains("busy again"))
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@Test
	void documentIsClosedAfterItsMaximumDuration() {
		String clientId = this.fixture.session("forever-frame", "/chat");
		StepVerifier.create(frame(clientId, "callback=cb"))
			.expectNextCount(1)
			.then(() -> this.fixture.scheduler.advanceTimeBy(StreamingFixture.MAX_DURATION))
			.thenConsumeWhile((chunk) -> chunk.equals("<script>parent.cb([]);</script>\n"))
			.expectNext("</body></html>")
			.expectComplete()
			.verify(StreamingFixture.TIMEOUT);
		assertThat(this.fixture.streaming.openStreams()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "callback=", "callback=a-b", "callback=alert(1)", "callback=%3C%2Fscript%3E",
			"callback=1abc", "callback=a..b", "callback=a.", "jsonp=cb",
			"callback=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void invalidCallbackIsRefusedBeforeAnythingIsWritten(String query) {
		String clientId = this.fixture.session("forever-frame", "/chat");
		this.fixture.client.get()
			.uri("/cometd/forever-frame/" + clientId + "?" + query)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$[0].error")
			.isEqualTo("400::callback_invalid");
	}

	@Test
	void unknownSessionIsRefusedWithSessionUnknown() {
		this.fixture.client.get()
			.uri("/cometd/forever-frame/nosuchclient?callback=cb")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.NOT_FOUND)
			.expectBody()
			.jsonPath("$[0].error")
			.isEqualTo("402::session_unknown");
	}

	@Test
	void allowedOriginReceivesTheBatchesByPostMessage() {
		useCors("https://app.example.com");
		String clientId = this.fixture.session("forever-frame", "/chat");
		StepVerifier.create(this.fixture.client.get()
			.uri("/cometd/forever-frame/{clientId}?origin=https://app.example.com", clientId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Content-Security-Policy", "frame-ancestors https://app.example.com")
			.returnResult(byte[].class)
			.getResponseBody()
			.map((bytes) -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8)))
			.expectNextCount(1)
			.then(() -> this.fixture.publish("/chat", "across"))
			.assertNext((script) -> {
				assertThat(script).startsWith("<script>parent.postMessage([")
					.endsWith("],\"https://app.example.com\");</script>\n");
				assertThat(messages(script, "parent.postMessage(", ",\"https://app.example.com\");")).singleElement()
					.satisfies((message) -> assertThat(message).containsEntry("data", "across"));
			})
			.thenCancel()
			.verify(StreamingFixture.TIMEOUT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example.com", "https://app.example.com\");alert(1);//",
			"javascript:alert(1)", "" })
	void originThatCorsDoesNotAllowIsRefused(String origin) {
		useCors("https://app.example.com");
		String clientId = this.fixture.session("forever-frame", "/chat");
		this.fixture.client.get()
			.uri((uri) -> uri.path("/cometd/forever-frame/" + clientId).queryParam("origin", "{origin}").build(origin))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$[0].error")
			.isEqualTo("403::origin_not_allowed");
	}

	@Test
	void noOriginIsAllowedWithoutCors() {
		String clientId = this.fixture.session("forever-frame", "/chat");
		this.fixture.client.get()
			.uri("/cometd/forever-frame/{clientId}?origin=https://app.example.com", clientId)
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private void useCors(String origin) {
		this.fixture.stop();
		CorsConfiguration cors = new CorsConfiguration();
		cors.addAllowedOrigin(origin);
		this.fixture = new StreamingFixture(cors, true);
	}

	private Flux<String> frame(String clientId, String query) {
		return this.fixture.open("/cometd/forever-frame/" + clientId + "?" + query, MediaType.TEXT_HTML);
	}

	private static List<Map<String, Object>> messages(String script, String before, String after) {
		String json = script.substring("<script>".length() + before.length(),
				script.length() - (after + "</script>\n").length());
		return TransportFixture.parse(json);
	}

}
