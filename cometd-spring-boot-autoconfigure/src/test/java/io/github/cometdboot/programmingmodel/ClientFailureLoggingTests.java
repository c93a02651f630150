package io.github.cometdboot.programmingmodel;

import java.io.IOException;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.server.transport.ConnectionLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What clients can make a running server log: a failing listener, a body cut off, a websocket closed
 * mid-fragment and control characters in a channel, each over the wire, with the log captured. The
 * transports log at DEBUG here, so that a client hanging up leaves a line to wait for.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.io.github.cometdboot.server.transport=DEBUG",
				"logging.level.io.github.cometdboot.server.transport.netty.WebSocketHangups=DEBUG" })
class ClientFailureLoggingTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	/** Keeps the browser cookie of the handshake, to which the session is bound. */
	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(DEADLINE)
		.cookieHandler(new CookieManager())
		.build();

	@LocalServerPort
	private int port;

	@Autowired
	private CometTemplate template;

	@Autowired
	private ConnectionLimit connections;

	@Test
	void failingListenerLogsOneLineEachUpToTheRateLimitAndNoStackTrace(CapturedOutput output) throws Exception {
		String clientId = handshake();
		// 700 calls of a listener that throws, in one POST, as the 58 KB body did.
		String batch = IntStream.range(0, 700)
			.mapToObj((i) -> """
					{"channel":"/service/fail","clientId":"%s","data":"boom"}""".formatted(clientId))
			.collect(Collectors.joining(",", "[", "]"));
		List<Map<String, Object>> replies = post(batch);
		assertThat(replies).hasSize(700)
			.allSatisfy((reply) -> assertThat(reply).containsEntry("error", "500::service_failed"));
		List<String> lines = linesContaining(output, "/service/fail");
		assertThat(lines).as("one line per failure, at most the rate limit's").hasSizeBetween(1, 10);
		assertThat(lines).allSatisfy((line) -> assertThat(line).contains(" WARN ")
			.contains("IllegalStateException: failed on purpose: boom"));
		assertThat(output.getOut()).doesNotContain("\tat io.github.cometdboot").doesNotContain("\tat java.");
	}

	@Test
	void dataThatDoesNotConvertToTheListenersParameterIsTheClientsError(CapturedOutput output) throws Exception {
		String clientId = handshake();
		// A service taking an int, and an interceptor and listener taking a record, each sent a string.
		List<Map<String, Object>> replies = post("""
				[{"channel":"/service/withdraw","clientId":"%1$s","data":"lots","id":"1"},
				 {"channel":"/chat/lobby","clientId":"%1$s","data":"just text","id":"2"}]""".formatted(clientId));
		assertThat(replies).hasSize(2)
			.allSatisfy((reply) -> assertThat(reply).containsEntry("successful", false)
				.containsEntry("error", "400::data_invalid"));
		assertThat(linesContaining(output, "/service/withdraw")).singleElement()
			.satisfies((line) -> assertThat(line).contains("InvalidDataException").contains("int"));
		assertThat(linesContaining(output, "/chat/lobby")).singleElement()
			.satisfies((line) -> assertThat(line).contains("InvalidDataException").contains("ChatMessage"));
		assertThat(output.getOut()).doesNotContain("\tat ").doesNotContain("Caused by");
	}

	@Test
	void bodyCutOffByTheClientIsNoError(CapturedOutput output) throws Exception {
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /cometd HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 10000\r\n\r\n[{\"channel\":\"/meta/handshake\",").getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}
		assertHangUpLoggedAtDebugOnly(output, "POST /cometd");
	}

	@Test
	void webSocketClosedMidFragmentIsNoError(CapturedOutput output) throws Exception {
		try (RawWebSocket socket = RawWebSocket.open(this.port, "/cometd")) {
			assertThat(socket.statusLine()).contains(" 101 ");
			socket.sendUnfinished("[{\"channel\":\"/meta/handshake\",");
		}
		assertHangUpLoggedAtDebugOnly(output, "websocket");
	}

	@Test
	void webSocketFramesOverTheMaximumSizeAreClosedWith1009AndNoError(CapturedOutput output) throws Exception {
		// Reactor Netty logged some of these at ERROR with a stack trace (found by WireFuzzPropertyTests).
		String tooLarge = "[{\"channel\":\"/x\",\"data\":\"" + "x".repeat(70 * 1024) + "\"}]";
		for (int i = 0; i < 20; i++) {
			try (RawWebSocket socket = RawWebSocket.open(this.port, "/cometd")) {
				socket.send(tooLarge);
				assertThat(socket.closeCode()).isEqualTo(1009);
			}
		}
		await().atMost(DEADLINE).until(() -> this.connections.openConnections() == 0);
		assertThat(output.getOut()).doesNotContain(" ERROR ").doesNotContain("onUncaughtException");
	}

	@Test
	void controlCharactersInAChannelAreLoggedEscapedOnOneLine(CapturedOutput output) {
		this.template.publish("/rooms/lobby\n2026-01-01 ERROR FORGED\r\u0007", "hello");
		await().atMost(DEADLINE).until(() -> output.getOut().contains("/rooms/lobby"));
		assertThat(output.getOut()).doesNotContain("FORGED\n").doesNotContain("\nERROR FORGED");
		assertThat(linesContaining(output, "/rooms/lobby")).singleElement()
			.satisfies((line) -> assertThat(line).contains("/rooms/lobby\\n2026-01-01 ERROR FORGED\\r\\u0007"));
	}

	/**
	 * Waits for the server to see the client go (its connection counted closed: whatever the server logs
	 * about the hang-up, it logs before that, on the same thread), then checks it said so at most once,
	 * at DEBUG, and nothing worse. At most once: when the client's close overtakes its last bytes, the
	 * server has nothing cut off to speak of.
	 */
	private void assertHangUpLoggedAtDebugOnly(CapturedOutput output, String where) {
		await().atMost(DEADLINE).until(() -> this.connections.openConnections() == 0);
		assertThat(output.getOut()).doesNotContain(" ERROR ").doesNotContain(" WARN ");
		assertThat(linesContaining(output, "closed the connection")).hasSizeLessThanOrEqualTo(1)
			.allSatisfy((line) -> assertThat(line).contains(" DEBUG ").contains(where));
	}

	private String handshake() throws Exception {
		Map<String, Object> reply = post("""
				[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]""").get(0);
		return (String) reply.get("clientId");
	}

	private List<Map<String, Object>> post(String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/cometd"))
			.timeout(DEADLINE)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readValue(response.body(), new TypeReference<>() {
		});
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port));
		return socket;
	}

	private static List<String> linesContaining(CapturedOutput output, String text) {
		Predicate<String> matching = (line) -> line.contains(text);
		return output.getOut().lines().filter(matching).toList();
	}

}
