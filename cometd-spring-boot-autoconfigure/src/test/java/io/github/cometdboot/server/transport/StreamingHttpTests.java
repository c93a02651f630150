package io.github.cometdboot.server.transport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.InMemoryEngine;
import io.github.cometdboot.server.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The streaming transports over real HTTP, on Reactor Netty on a random port, read chunk by chunk
 * from a plain socket: framing, each batch flushed while the response is still open, heartbeats, the
 * end after the maximum duration, and a client that goes away releasing its stream.
 * <p>
 * The streams at {@code /cometd} last a minute; those at {@code /short}, on the same server, a second.
 */
class StreamingHttpTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration HEARTBEAT = Duration.ofMillis(200);

	/** The browser of every request: the streams must come from the browser whose session they carry. */
	private static final String BROWSER = BrowserCookie.defaults().newBrowserId();

	private static final Pattern PART = Pattern.compile("--([^\\r\\n]+)\\r\\nContent-Type: application/json\\r\\n"
			+ "Content-Length: (\\d+)\\r\\n\\r\\n(.*)\\r\\n", Pattern.DOTALL);

	private BayeuxServer server;

	private StreamingTransportSupport streaming;

	private DisposableServer http;

	private WebTestClient client;

	@BeforeEach
	void start() {
		ServerSettings settings = ServerSettings.builder().maxInterval(Duration.ofHours(1)).build();
		this.server = new BayeuxServer(settings, new MessageCodec(), new InMemoryEngine(), SecurityPolicy.ALLOW_ALL,
				Schedulers.parallel());
		this.server.start();
		this.server.addConnectionType(LongPollingTransport.NAME);
		this.server.addConnectionType(EventSourceTransport.NAME);
		this.server.addConnectionType(ForeverFrameTransport.NAME);
		this.server.addConnectionType(MultipartTransport.NAME);
		HttpTransportSupport support = new HttpTransportSupport(this.server, BrowserCookie.defaults());
		this.streaming = new StreamingTransportSupport(support);
		RouterFunction<ServerResponse> router = routes("/cometd", new StreamingSettings(Duration.ofMinutes(1), HEARTBEAT))
			.and(routes("/short", new StreamingSettings(Duration.ofSeconds(1), HEARTBEAT)));
		this.http = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(router)))
			.bindNow();
		this.client = WebTestClient.bindToRouterFunction(router)
			.configureClient()
			.defaultCookie("BAYEUX_BROWSER", BROWSER)
			.build();
	}

	private RouterFunction<ServerResponse> routes(String path, StreamingSettings settings) {
		return new BayeuxRoutes(path).longPolling(new LongPollingTransport(this.streaming.http()))
			.eventSource(new EventSourceTransport(this.streaming, settings, Duration.ofSeconds(1)))
			.foreverFrame(new ForeverFrameTransport(this.streaming, settings, null))
			.multipart(new MultipartTransport(this.streaming, settings))
			.build();
	}

	@AfterEach
	void stop() {
		this.http.disposeNow();
		this.server.stop();
	}

	@ParameterizedTest
	@EnumSource
	void eachBatchIsFlushedWhileTheResponseIsStillOpen(Format format) throws Exception {
		String clientId = session();
		try (RawHttpStream stream = open(format, "/cometd", clientId)) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.header("Content-Type")).matches(format.contentType);
			assertThat(stream.header("Transfer-Encoding")).isEqualTo("chunked");
			String opening = stream.nextChunk();
			assertThat(format.isOpening(opening)).as("opening chunk: %s", opening).isTrue();
			String heartbeat = format.heartbeat(opening);
			for (String text : List.of("first", "second")) {
				this.server.publish("/chat", text).block(READ_TIMEOUT);
				String chunk = stream.nextChunkOtherThan(heartbeat);
				assertThat(format.messages(chunk, opening)).singleElement()
					.satisfies((message) -> assertThat(message).containsEntry("channel", "/chat")
						.containsEntry("data", text));
			}
		}
	}

	@ParameterizedTest
	@EnumSource
	void heartbeatsAreWrittenWhileIdle(Format format) throws Exception {
		String clientId = session();
		try (RawHttpStream stream = open(format, "/cometd", clientId)) {
			String opening = stream.nextChunk();
			assertThat(stream.nextChunk()).isEqualTo(format.heartbeat(opening));
			assertThat(stream.nextChunk()).isEqualTo(format.heartbeat(opening));
		}
	}

	@ParameterizedTest
	@EnumSource
	void responseEndsAfterTheMaximumDuration(Format format) throws Exception {
		String clientId = session();
		try (RawHttpStream stream = open(format, "/short", clientId)) {
			String opening = stream.nextChunk();
			String last = null;
			for (String chunk = stream.nextChunk(); chunk != null; chunk = stream.nextChunk()) {
				last = chunk;
			}
			assertThat(last).isEqualTo(format.closing(opening));
		}
		await().atMost(READ_TIMEOUT).until(() -> this.streaming.openStreams() == 0);
	}

	@ParameterizedTest
	@EnumSource
	void clientThatGoesAwayReleasesItsStreamAndLosesNoMessage(Format format) throws Exception {
		String clientId = session();
		try (RawHttpStream stream = open(format, "/cometd", clientId)) {
			stream.nextChunk();
			// The opening chunk is written before the stream of batches is subscribed.
			await().atMost(READ_TIMEOUT).until(() -> this.streaming.openStreams() == 1);
		}
		// The next heartbeat finds the connection closed, if Netty did not see it close before.
		await().atMost(READ_TIMEOUT).until(() -> this.streaming.openStreams() == 0);
		this.server.publish("/chat", "while away").block(READ_TIMEOUT);
		assertThat(this.server.sessions().find(clientId).queueSize()).isOne();
		try (RawHttpStream stream = open(format, "/cometd", clientId)) {
			String opening = stream.nextChunk();
			assertThat(format.messages(stream.nextChunkOtherThan(format.heartbeat(opening)), opening)).singleElement()
				.satisfies((message) -> assertThat(message).containsEntry("data", "while away"));
		}
	}

	private RawHttpStream open(Format format, String path, String clientId) throws Exception {
		return RawHttpStream.get(this.http.port(), format.target.apply(path + "/") + clientId + format.query,
				READ_TIMEOUT, "Accept: " + format.accept, "Cookie: BAYEUX_BROWSER=" + BROWSER);
	}

	/**
	 * A session over long-polling that subscribes to {@code /chat}.
	 */
	private String session() {
		List<Map<String, Object>> handshake = post("""
				[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]
				""");
		String clientId = (String) handshake.get(0).get("clientId");
		post(StreamingFixture.connect(clientId, "long-polling"));
		assertThat(post("""
				[{"channel":"/meta/subscribe","clientId":"%s","subscription":"/chat"}]
				""".formatted(clientId))).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("successful", true));
		return clientId;
	}

	private List<Map<String, Object>> post(String body) {
		return TransportFixture.parse(this.client.post()
			.uri("/cometd")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	/**
	 * What each streaming transport writes, as a plain client would read it.
	 */
	enum Format {

		EVENTSOURCE((path) -> path, "", "text/event-stream;charset=UTF-8", "text/event-stream") {

			@Override
			boolean isOpening(String chunk) {
				return chunk.equals("retry:1000\n\n");
			}

			@Override
			String heartbeat(String opening) {
				return ":heartbeat\n\n";
			}

			@Override
			String json(String chunk, String opening) {
				Matcher event = Pattern.compile("id:\\d+\ndata:(.*)\n\n", Pattern.DOTALL).matcher(chunk);
				assertThat(event.matches()).as("an event: %s", chunk).isTrue();
				return event.group(1);
			}

			@Override
			String closing(String opening) {
				return heartbeat(opening);
			}

		},

		FOREVER_FRAME((path) -> path + "forever-frame/", "?callback=cb", "text/html;charset=UTF-8", "text/html") {

			@Override
			boolean isOpening(String chunk) {
				return chunk.startsWith("<!DOCTYPE html>") && chunk.length() > ForeverFrameTransport.PADDING;
			}

			@Override
			String heartbeat(String opening) {
				return "<script>parent.cb([]);</script>\n";
			}

			@Override
			String json(String chunk, String opening) {
				Matcher script = Pattern.compile("<script>parent\\.cb\\((.*)\\);</script>\n", Pattern.DOTALL)
					.matcher(chunk);
				assertThat(script.matches()).as("a script: %s", chunk).isTrue();
				return script.group(1);
			}

			@Override
			String closing(String opening) {
				return "</body></html>";
			}

		},

		MULTIPART((path) -> path + "multipart/", "", "multipart/x-mixed-replace;boundary=bayeux-[A-Za-z0-9_-]{24}", "*/*") {

			@Override
			boolean isOpening(String chunk) {
				Matcher part = PART.matcher(chunk);
				return part.matches() && part.group(3).equals("[]");
			}

			@Override
			String heartbeat(String opening) {
				return opening;
			}

			@Override
			String json(String chunk, String opening) {
				Matcher part = PART.matcher(chunk);
				assertThat(part.matches()).as("a part: %s", chunk).isTrue();
				assertThat(chunk).startsWith("--" + boundary(opening) + "\r\n");
				assertThat(part.group(3).getBytes(java.nio.charset.StandardCharsets.UTF_8))
					.hasSize(Integer.parseInt(part.group(2)));
				return part.group(3);
			}

			@Override
			String closing(String opening) {
				return "--" + boundary(opening) + "--\r\n";
			}

			private String boundary(String opening) {
				Matcher part = PART.matcher(opening);
				assertThat(part.matches()).isTrue();
				return part.group(1);
			}

		};

		final Function<String, String> target;

		final String query;

		/** A pattern of the whole Content-Type header. */
		final String contentType;

		final String accept;

		Format(Function<String, String> target, String query, String contentType, String accept) {
			this.target = target;
			this.query = query;
			this.contentType = contentType;
			this.accept = accept;
		}

		abstract boolean isOpening(String chunk);

		abstract String heartbeat(String opening);

		abstract String json(String chunk, String opening);

		/** The last chunk of a response that ran its maximum duration. */
		abstract String closing(String opening);

		List<Map<String, Object>> messages(String chunk, String opening) {
			return TransportFixture.parse(json(chunk, opening));
		}

	}

}
