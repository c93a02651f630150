package io.github.cometdboot.programmingmodel;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.programmingmodel.RawHttpConnection.Response;
import io.github.cometdboot.server.ServerObserver;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.transport.ConnectionLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections that try to hold the server, over real sockets: idle sockets, request heads sent a byte
 * at a time (slowloris), slow bodies and silent websockets are closed; held long polls and websockets
 * that hold their connects are not; every socket counts against {@code cometd.limits.max-connections};
 * and one client address gets only its share of the connections, so that others still get in.
 */
class ConnectionAbuseWireTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final String HANDSHAKE = """
			[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling","websocket"]}]""";

	private static String connect(String clientId, String connectionType) {
		return "[{\"channel\":\"/meta/connect\",\"clientId\":\"" + clientId + "\",\"connectionType\":\""
				+ connectionType + "\"}]";
	}

	/** Handshake and connect once on a connection, so that its next connect is held. */
	private static String connectedSession(RawHttpConnection connection) throws IOException {
		Response handshake = connection.post(HANDSHAKE);
		assertThat(handshake.statusLine()).contains(" 200 ");
		String clientId = (String) handshake.message().get("clientId");
		assertThat(connection.post(connect(clientId, "long-polling")).message()).containsEntry("successful", true);
		return clientId;
	}

	@Nested
	@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "cometd.limits.idle-timeout=1s", "cometd.timeout=2s" })
	class Deadlines {

		@LocalServerPort
		private int port;

		private final List<AutoCloseable> opened = new ArrayList<>();

		@AfterEach
		void closeAll() throws Exception {
			for (AutoCloseable closeable : this.opened) {
				closeable.close();
			}
		}

		private RawHttpConnection open() throws IOException {
			RawHttpConnection connection = RawHttpConnection.open("127.0.0.1", this.port);
			this.opened.add(connection);
			return connection;
		}

		@Test
		void socketThatSendsNothingIsClosed() throws IOException {
			assertThat(open().awaitClosedByServer()).as("what the server sent before closing").isEmpty();
		}

		@Test
		void keepAliveConnectionIsClosedOnceItSendsNothingAfterItsResponse() throws IOException {
			RawHttpConnection connection = open();
			assertThat(connection.post(HANDSHAKE).statusLine()).contains(" 200 ");
			assertThat(connection.awaitClosedByServer()).isEmpty();
		}

		@Test
		void requestHeadSentAByteAtATimeIsClosedBeforeItEnds() throws Exception {
			RawHttpConnection connection = open();
			String head = connection.head(HANDSHAKE.length());
			// The attack: a little of the head every 100 ms, four times the idle timeout in all.
			try {
				for (int i = 0; i < 40; i++) {
					connection.write(head.substring(i % head.length(), i % head.length() + 1));
					Thread.sleep(100);
				}
			}
			catch (IOException ex) {
				// Closed by the server while sending: what the test expects.
			}
			assertThat(connection.awaitClosedByServer()).as("closed without an answer").isEmpty();
		}

		@Test
		void bodySentTooSlowlyGets408AndItsConnectionClosed() throws IOException {
			RawHttpConnection connection = open();
			connection.write(connection.head(HANDSHAKE.length()) + "\r\n" + HANDSHAKE.substring(0, 10));
			Response response = connection.read();
			assertThat(response.statusLine()).contains(" 408 ");
			assertThat(response.message()).containsEntry("error", "408::request_timeout");
			assertThat(connection.awaitClosedByServer()).isEmpty();
		}

		@Test
		void heldLongPollOutlivesTheIdleTimeout() throws IOException {
			RawHttpConnection connection = open();
			String clientId = connectedSession(connection);
			long start = System.nanoTime();
			Response held = connection.post(connect(clientId, "long-polling"));
			assertThat(held.message()).containsEntry("successful", true);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("held for cometd.timeout")
				.isGreaterThan(Duration.ofSeconds(1));
		}

		@Test
		void webSocketThatSendsNothingIsClosedWith1001() throws IOException {
			RawWebSocket webSocket = RawWebSocket.open(this.port, "/cometd");
			this.opened.add(webSocket);
			assertThat(webSocket.statusLine()).contains(" 101 ");
			assertThat(webSocket.closeCode()).isEqualTo(1001);
		}

		@Test
		void webSocketHoldingItsConnectsStaysOpenLongerThanItsWait() throws IOException {
			RawWebSocket webSocket = RawWebSocket.open(this.port, "/cometd");
			this.opened.add(webSocket);
			webSocket.send(HANDSHAKE);
			String clientId = (String) webSocket.receiveOne().get("clientId");
			// Three held connects of 2 s each: twice the websocket's wait (1 s + 2 s) without a frame
			// of the client's other than connects.
			for (int i = 0; i < 4; i++) {
				webSocket.send(connect(clientId, "websocket"));
				assertThat(webSocket.receiveOne()).containsEntry("successful", true);
			}
		}

	}

	@Nested
	@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "cometd.limits.max-connections=10", "cometd.limits.max-connections-per-address=3",
					"cometd.limits.max-handshake-rate=0", "cometd.timeout=20s" })
	class ShareOfOneAddress {

		@LocalServerPort
		private int port;

		@Autowired
		private ConnectionLimit connections;

		@Autowired
		private BayeuxServer server;

		private final List<RawHttpConnection> opened = new ArrayList<>();

		@AfterEach
		void closeAll() throws IOException {
			for (RawHttpConnection connection : this.opened) {
				connection.close();
			}
		}

		private RawHttpConnection open(String address) throws IOException {
			RawHttpConnection connection = RawHttpConnection.open(address, this.port);
			this.opened.add(connection);
			return connection;
		}

		@Test
		void oneAddressHoldingLongPollsGetsItsShareAndAnotherAddressStillGetsIn() throws IOException {
			// As many held polls as the whole limit, each a browser of its own, from one address.
			int held = 0;
			Map<String, Object> refusal = null;
			for (int i = 0; i < 10 && refusal == null; i++) {
				RawHttpConnection attacker = open("127.0.0.1");
				Response handshake = attacker.post(HANDSHAKE);
				if (!handshake.statusLine().contains(" 200 ")) {
					assertThat(handshake.statusLine()).contains(" 503 ");
					refusal = handshake.message();
					break;
				}
				String clientId = (String) handshake.message().get("clientId");
				attacker.post(connect(clientId, "long-polling"));
				attacker.send(connect(clientId, "long-polling"));
				held++;
				int expected = held;
				await().atMost(DEADLINE).until(() -> this.connections.openFrom("127.0.0.1") == expected);
			}
			assertThat(held).isEqualTo(3);
			assertThat(refusal).containsEntry("error", "503::too_many_connections");
			assertThat(this.server.statistics().refusedCount(ServerObserver.RefusalReason.ADDRESS_CONNECTION_LIMIT))
				.isPositive();
			RawHttpConnection other = open("127.0.0.2");
			String clientId = connectedSession(other);
			other.send(connect(clientId, "long-polling"));
			await().atMost(DEADLINE).until(() -> this.connections.openFrom("127.0.0.2") == 1);
		}

		@Test
		void anAddressGetsItsShareBackAsItsConnectionsEnd() throws IOException {
			RawHttpConnection first = open("127.0.0.3");
			String clientId = connectedSession(first);
			first.send(connect(clientId, "long-polling"));
			await().atMost(DEADLINE).until(() -> this.connections.openFrom("127.0.0.3") == 1);
			first.close();
			await().atMost(DEADLINE).until(() -> this.connections.openFrom("127.0.0.3") == 0);
		}

	}

	@Nested
	@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "cometd.limits.max-connections=3")
	class EverySocketCounts {

		@LocalServerPort
		private int port;

		@Autowired
		private ConnectionLimit connections;

		@Test
		void idleSocketsCountAndASocketBeyondTheLimitIsClosedAtOnce() throws IOException {
			List<RawHttpConnection> idle = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					idle.add(RawHttpConnection.open("127.0.0.1", this.port));
				}
				await().atMost(DEADLINE).until(() -> this.connections.openSockets() == 3);
				try (RawHttpConnection beyond = RawHttpConnection.open("127.0.0.1", this.port)) {
					assertThat(beyond.awaitClosedByServer()).isEmpty();
				}
				idle.remove(0).close();
				await().atMost(DEADLINE).until(() -> this.connections.openSockets() == 2);
				try (RawHttpConnection next = RawHttpConnection.open("127.0.0.1", this.port)) {
					assertThat(next.post(HANDSHAKE).message()).containsEntry("successful", true);
				}
			}
			finally {
				for (RawHttpConnection connection : idle) {
					connection.close();
				}
			}
		}

	}

}
