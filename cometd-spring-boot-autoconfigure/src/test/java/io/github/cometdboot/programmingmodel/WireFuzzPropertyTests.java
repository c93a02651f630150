package io.github.cometdboot.programmingmodel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A property-based fuzz of whole request bodies and websocket frames against one running server (the
 * chat test application on a random port, with the starter's secure defaults), while a healthy
 * {@link Witness} session receives a numbered message after every try. Each try asserts that the
 * server answers as documented: an HTTP 200 with a JSON array, a 4xx, or a 503 with a documented
 * Bayeux error, never another 5xx; on a websocket, a JSON array or a close with a documented code.
 * After every try the witness must have its next message, and the log must hold nothing at ERROR, no
 * line of more than one line, and no more WARN lines than tries.
 */
class WireFuzzPropertyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	/** {@code cometd.max-message-size} by default. */
	private static final int MAX_MESSAGE_SIZE = 64 * 1024;

	/** The 503s a client may get: the limits on sessions and connections. */
	private static final List<String> DOCUMENTED_503 = List.of("503::too_many_sessions", "503::too_many_connections");

	/**
	 * The codes with which the server may close a websocket on bad input: 1009 for a message over
	 * {@code cometd.max-message-size} (docs/security.md, Deploying securely), 1007 for a text message that is no
	 * UTF-8 and 1002 for a broken frame (Netty's websocket codec). Never 1011, an error of the server.
	 */
	private static final Set<Integer> DOCUMENTED_CLOSE_CODES = Set.of(1002, 1007, 1009);

	/** The client that keeps no cookie: a stranger to every session. */
	private static final HttpClient STRANGER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final AtomicInteger TRIES = new AtomicInteger();

	private static ConfigurableApplicationContext application;

	private static int port;

	private static CapturedLog log;

	private static Witness witness;

	private static FuzzerSession fuzzer;

	/**
	 * Start the server with the default limits, but for the long-poll timeout: a fuzzed
	 * {@code /meta/connect} of the fuzzer's own session is held for that long, 300 ms keeps the tries
	 * quick, and the witness then polls three times a second, more churn for it to survive, not less.
	 */
	@BeforeContainer
	static void start() throws Exception {
		application = new SpringApplicationBuilder(ChatTestApplication.class)
			.properties("server.port=0", "cometd.timeout=300ms", "cometd.history.channels[0].pattern=/chat/*")
			.run();
		port = ((WebServerApplicationContext) application).getWebServer().getPort();
		log = CapturedLog.attach();
		witness = new Witness(port);
		fuzzer = new FuzzerSession(port);
	}

	@AfterContainer
	static void stop() throws Exception {
		try {
			witness.assertSessionsKept();
			assertThat(witness.published()).isEqualTo(TRIES.get());
			log.assertOneLineAtMostPerClientError(TRIES.get());
		}
		finally {
			witness.close();
			log.close();
			application.close();
		}
	}

	@Property(tries = 250)
	void postedBodiesAreAnsweredAsDocumented(@ForAll("posts") FuzzedPost post) throws Exception {
		fuzzer.keepAlive();
		byte[] body = post.body().bytes(sessions());
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + post.path()))
			.timeout(DEADLINE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (!post.contentType().isEmpty()) {
			request.header("Content-Type", post.contentType());
		}
		HttpResponse<byte[]> response;
		try {
			response = (post.asFuzzer() ? fuzzer.http() : STRANGER).send(request.build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			// A body over the size limit gets 413 and the connection closed without the rest being read;
			// a client still writing may see the close before the 413.
			assertThat(body.length).as("closed while being written: " + ex).isGreaterThan(MAX_MESSAGE_SIZE);
			afterTry();
			return;
		}
		assertAnsweredAsDocumented(response.statusCode(), response.body());
		afterTry();
	}

	@Property(tries = 150)
	void webSocketFramesAreAnsweredAsDocumented(@ForAll("frames") List<FuzzedFrame> frames,
			@ForAll boolean asFuzzer) throws Exception {
		fuzzer.keepAlive();
		String[] headers = asFuzzer ? new String[] { "Cookie: " + fuzzer.cookieHeader() } : new String[0];
		try (RawWebSocket socket = RawWebSocket.open(port, "/cometd", headers)) {
			assertThat(socket.statusLine()).contains(" 101 ");
			WebSocketProbe probe = new WebSocketProbe(socket);
			for (FuzzedFrame frame : frames) {
				byte[] payload = frame.body().bytes(sessions());
				try {
					frame.sendTo(socket, payload);
				}
				catch (IOException ex) {
					// The server closed while the frame was still being written: only for a message over
					// the size limit, which it refuses without reading the rest.
					assertThat(payload.length).as("closed while being written").isGreaterThan(MAX_MESSAGE_SIZE);
				}
				Integer closeCode = probe.answeredOrClosed(payload.length > MAX_MESSAGE_SIZE);
				if (closeCode != null) {
					assertThat(closeCode).as("close code").isIn(DOCUMENTED_CLOSE_CODES);
					break;
				}
			}
		}
		afterTry();
	}

	/** Every try ends with the witness receiving, and the log as it should be so far. */
	private static void afterTry() throws Exception {
		witness.publishAndReceiveNext();
		log.assertOneLineAtMostPerClientError(TRIES.incrementAndGet());
	}

	private static void assertAnsweredAsDocumented(int status, byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		if (status == 200) {
			JsonNode reply = JSON.readTree(body);
			assertThat(reply.isArray()).as("a 200 answers a JSON array: %s", text).isTrue();
		}
		else if (status == 503) {
			assertThat(DOCUMENTED_503).as("503 with a documented error: %s", text).anyMatch(text::contains);
		}
		else {
			assertThat(status).as("status, with %s", text).isBetween(400, 499);
		}
	}

	private static FuzzedBody.Sessions sessions() {
		return new FuzzedBody.Sessions(witness.clientId(), witness.publisherId(), fuzzer.clientId());
	}

	@Provide
	Arbitrary<FuzzedPost> posts() {
		Arbitrary<String> paths = Arbitraries.frequency(Tuple.of(8, "/cometd"),
				Tuple.of(1, "/cometd/connect"), Tuple.of(1, "/cometd/handshake"));
		Arbitrary<String> contentTypes = Arbitraries.of("application/json", "application/json;charset=UTF-8",
				"text/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
				"application/octet-stream", "application/json;charset=UTF-16", "a/b;;=", "");
		return Combinators.combine(HostileBayeux.bodies(), paths, contentTypes, Arbitraries.of(true, false))
			.as(FuzzedPost::new);
	}

	@Provide
	Arbitrary<List<FuzzedFrame>> frames() {
		Arbitrary<FuzzedFrame.Kind> kinds = Arbitraries.frequency(Tuple.of(8, FuzzedFrame.Kind.TEXT),
				Tuple.of(1, FuzzedFrame.Kind.BINARY), Tuple.of(1, FuzzedFrame.Kind.FRAGMENTED));
		return Combinators.combine(HostileBayeux.bodies(), kinds).as(FuzzedFrame::new).list().ofMinSize(1).ofMaxSize(3);
	}

	/**
	 * A fuzzed POST.
	 * @param body the body
	 * @param path the path it goes to
	 * @param contentType its content type, or empty for none
	 * @param asFuzzer whether it carries the fuzzer's browser cookie, else no cookie
	 */
	record FuzzedPost(FuzzedBody body, String path, String contentType, boolean asFuzzer) {
	}

}
