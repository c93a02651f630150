package io.github.cometdboot.programmingmodel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.server.transport.StreamingTransportSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A page of another origin on the eventsource transport, configured as docs/protocol-and-transports.md says for clients
 * that send no credentials ({@code cometd.cors.*} and {@code trust-client-session}), sending what
 * Faye's browser eventsource transport sends: XHR POSTs and an {@code EventSource}, neither with
 * credentials, so no request carries the browser cookie, and first connects that name
 * {@code long-polling} (Faye sends them over its XHR transport while its EventSource opens). Once the
 * stream is open, the session's messages go on it, and never in the reply of a POST.
 */
@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cometd.cors.allowed-origins=" + CrossOriginEventStreamWireTests.PAGE,
				"cometd.cors.allow-credentials=true", "cometd.browser-cookie.trust-client-session=true" })
class CrossOriginEventStreamWireTests {

	static final String PAGE = "http://app.example.test";

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Keeps no cookies, as a cross-origin request without credentials sends none. */
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(WAIT)
		.build();

	private final BlockingQueue<String> streamLines = new LinkedBlockingQueue<>();

	private volatile Flow.Subscription stream;

	@LocalServerPort
	private int port;

	@Autowired
	private StreamingTransportSupport streaming;

	@AfterEach
	void closeStream() {
		if (this.stream != null) {
			this.stream.cancel();
		}
	}

	@Test
	void messagesOfASessionWhoseStreamIsOpenGoOnTheStreamNotInPostReplies() throws Exception {
		String clientId = (String) post("""
				[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["eventsource","long-polling"]}]
				""").get(0).get("clientId");
		openEventSource(clientId);
		assertThat(nextLine()).as("the stream opens with its retry field").startsWith("retry:");
		await().atMost(WAIT).until(() -> this.streaming.openStreams() == 1);
		assertThat(post(connect(clientId, "long-polling"))).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("successful", true));
		assertThat(post("""
				[{"channel":"/meta/subscribe","clientId":"%s","subscription":"/xorigin/room"}]
				""".formatted(clientId))).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("successful", true));

		List<Map<String, Object>> replies = post("""
				[{"channel":"/xorigin/room","clientId":"%s","data":"hello","id":"p1"}]
				""".formatted(clientId));

		assertThat(replies).as("the publish reply carries only its own answer").singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("id", "p1").containsEntry("successful", true));
		assertThat(nextData()).singleElement()
			.satisfies((message) -> assertThat(message).containsEntry("channel", "/xorigin/room")
				.containsEntry("data", "hello"));
	}

	private static String connect(String clientId, String connectionType) {
		return """
				[{"channel":"/meta/connect","clientId":"%s","connectionType":"%s"}]""".formatted(clientId, connectionType);
	}

	/** A POST as Faye's XHR sends it from another origin, without credentials. */
	private List<Map<String, Object>> post(String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(endpoint(""))
			.header("Origin", PAGE)
			.header("Content-Type", "application/json")
			.header("X-Requested-With", "XMLHttpRequest")
			.timeout(WAIT)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PAGE);
		return JSON.readValue(response.body(), new TypeReference<>() {
		});
	}

	/** {@code new EventSource(url)} on a page of another origin: a GET without credentials. */
	private void openEventSource(String clientId) {
		HttpRequest request = HttpRequest.newBuilder(endpoint("/" + clientId))
			.header("Origin", PAGE)
			.header("Accept", "text/event-stream")
			.GET()
			.build();
		// The response lasts as long as the stream: its lines are read as they come, until the test ends.
		this.http.sendAsync(request, (info) -> {
			assertThat(info.statusCode()).isEqualTo(200);
			return HttpResponse.BodySubscribers.fromLineSubscriber(new StreamLines());
		});
	}

	private URI endpoint(String suffix) {
		return URI.create("http://127.0.0.1:" + this.port + "/cometd" + suffix);
	}

	private String nextLine() throws InterruptedException {
		String line = this.streamLines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(line).as("a line of the stream within %s", WAIT).isNotNull();
		return line;
	}

	/** The messages of the next event of the stream, skipping blank lines, heartbeats and ids. */
	private List<Map<String, Object>> nextData() throws InterruptedException {
		for (String line = nextLine();; line = nextLine()) {
			if (line.startsWith("data:")) {
				return JSON.readValue(line.substring("data:".length()), new TypeReference<>() {
				});
			}
		}
	}

	/** Collects the lines of the stream, and keeps its subscription to cancel it at the end. */
	private final class StreamLines implements Flow.Subscriber<String> {

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			CrossOriginEventStreamWireTests.this.stream = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			CrossOriginEventStreamWireTests.this.streamLines.add(line);
		}

		@Override
		public void onError(Throwable throwable) {
			// The test reads no further line, and says so when it waits for one.
		}

		@Override
		public void onComplete() {
			// As above.
		}

	}

}
