package io.github.cometdboot.programmingmodel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over real connections, each answered in proportion: a number JSON cannot carry is refused,
 * a batch that is invalid as a whole gets one error, an oversized body ends its connection, and an
 * oversized fragmented websocket message closes the socket with 1009 like an oversized frame.
 */
@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class BadInputWireTests {

	private static final String MESSAGE_INVALID = "[{\"successful\":false,\"error\":\"400::message_invalid\"}]";

	/** {@code cometd.max-message-size} by default. */
	private static final int MAX_MESSAGE_SIZE = 64 * 1024;

	@LocalServerPort
	private int port;

	private WebTestClient http;

	@BeforeEach
	void setUp() {
		this.http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void numberTooLargeForADoubleIsRefused() {
		// Parsed as infinity, it would be delivered as the string "Infinity".
		assertRefused("""
				[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"],
				  "ext":{"n":1e999999}}]""");
		assertRefused("""
				[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"],
				  "ext":{"n":[-1e999999]}}]""");
	}

	@Test
	void batchOfEmptyMessagesGetsOneError() {
		// 30 KB of request would have been answered with 10,000 errors, 520 KB.
		assertRefused("[" + String.join(",", java.util.Collections.nCopies(10_000, "{}")) + "]");
	}

	@Test
	void oversizedBodyIsAnsweredAndItsConnectionClosedWithoutReadingTheRest() throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			// A body announced as 100 MB, of which only more than the limit is sent: the server must answer
			// without waiting for the rest, and close the connection rather than read it.
			out.write(("POST /cometd HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
					+ "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(("[{\"channel\":\"/a\",\"data\":\"" + "x".repeat(MAX_MESSAGE_SIZE + 1024))
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String response = readUntilClosed(socket.getInputStream());
			assertThat(response).startsWith("HTTP/1.1 413 ")
				.containsIgnoringCase("connection: close")
				.contains("413::message_too_large");
		}
	}

	@Test
	void fragmentedWebSocketMessageOverTheLimitClosesWith1009() throws IOException {
		try (RawWebSocket socket = RawWebSocket.open(this.port, "/cometd")) {
			assertThat(socket.statusLine()).contains(" 101 ");
			String message = "[{\"channel\":\"/meta/handshake\",\"ext\":{\"pad\":\"" + "x".repeat(MAX_MESSAGE_SIZE)
					+ "\"}}]";
			socket.sendFragmented(message, 16 * 1024);
			assertThat(socket.closeCode()).as("the code for \"message too big\"").isEqualTo(1009);
		}
	}

	/**
	 * Found by {@link WireFuzzPropertyTests}: fragments that arrived before the handler took the inbound
	 * (it looked up the principal first) reached it unjoined, and the server closed the socket without a
	 * status code, for about one socket in twenty. Many sockets, so that the race shows.
	 */
	@Test
	void fragmentedMessageSentAsSoonAsTheSocketOpensIsAnswered() throws IOException {
		String subscribe = "[{\"channel\":\"/meta/subscribe\",\"clientId\":\"unknown\",\"subscription\":\"/a\"}]";
		for (int i = 0; i < 200; i++) {
			try (RawWebSocket socket = RawWebSocket.open(this.port, "/cometd")) {
				socket.sendFragmented(subscribe, subscribe.length() / 3);
				assertThat(socket.receiveOne()).as("socket %d", i).containsEntry("error", "402::session_unknown");
			}
		}
	}

	@Test
	void unfragmentedWebSocketFrameOverTheLimitClosesWith1009() throws IOException {
		try (RawWebSocket socket = RawWebSocket.open(this.port, "/cometd")) {
			socket.sendFragmented("[" + " ".repeat(MAX_MESSAGE_SIZE) + "]", MAX_MESSAGE_SIZE + 2);
			assertThat(socket.closeCode()).isEqualTo(1009);
		}
	}

	private void assertRefused(String body) {
		this.http.post()
			.uri("/cometd")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_REQUEST)
			.expectBody()
			.json(MESSAGE_INVALID, JsonCompareMode.STRICT);
	}

	/** Read everything until the server closes the connection; a read that waits too long fails. */
	private static String readUntilClosed(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
			received.write(buffer, 0, read);
		}
		return received.toString(StandardCharsets.US_ASCII);
	}

}
