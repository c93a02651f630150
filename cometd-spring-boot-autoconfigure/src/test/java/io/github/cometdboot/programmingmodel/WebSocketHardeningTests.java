package io.github.cometdboot.programmingmodel;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.ServerObserver.DropReason;
import io.github.cometdboot.server.session.ServerSession;
import io.micrometer.core.instrument.MeterRegistry;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Websocket hardening on a running server: a client that stops reading costs no more than its
 * session's bounded queue while the others keep receiving, and pages of other sites cannot open a
 * websocket.
 */
@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cometd.max-queue=50", "cometd.max-interval=60s" })
class WebSocketHardeningTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	@Autowired
	private BayeuxServer server;

	@Autowired
	private MeterRegistry meters;

	private JavaClientFactory clients;

	@BeforeEach
	void setUp() {
		this.clients = new JavaClientFactory(this.port);
	}

	@AfterEach
	void closeClients() throws Exception {
		this.clients.close();
	}

	@Test
	void clientThatStopsReadingIsBoundedByItsQueueAndOthersKeepReceiving() throws Exception {
		BayeuxClient reader = this.clients.connected(null);
		BlockingQueue<Message> received = subscribe(reader, "/flood");
		try (RawWebSocket stalled = RawWebSocket.open(this.port, "/cometd")) {
			assertThat(stalled.statusLine()).contains(" 101 ");
			String clientId = handshakeAndSubscribe(stalled, "/flood");
			ServerSession session = this.server.sessions().find(clientId);
			// From here on the stalled client never reads: the server's writes back up in the sockets (a few MB
			// on loopback), then the outbound stops pulling and the session's queue overflows.
			String payload = "x".repeat(1024);
			long deadline = System.nanoTime() + DEADLINE.toNanos();
			int published = 0;
			while (session.droppedMessages() == 0 && System.nanoTime() < deadline) {
				for (int i = 0; i < 100; i++) {
					this.server.publish("/flood", Map.of("n", published++, "pad", payload)).block(DEADLINE);
				}
				assertThat(session.queueSize()).isLessThanOrEqualTo(50);
			}
			assertThat(session.droppedMessages())
				.as("the stalled session's queue overflowed after %d publishes, rather than the server buffering them",
						published)
				.isPositive();
			assertThat(this.server.statistics().droppedCount(DropReason.QUEUE_FULL)).isPositive();
			assertThat(this.meters.get("cometd.messages.dropped").tag("reason", "queue_full").functionCounter().count())
				.isPositive();
			assertThat(this.meters.get("cometd.overflow.policy").tag("policy", "drop_oldest").gauge().value()).isOne();
			assertThat(session.isEnded()).as("drop-oldest keeps the session").isFalse();
			assertThat(session.queueSize()).isLessThanOrEqualTo(50);
			// The reading client still gets the newest message, on the same channel.
			this.server.publish("/flood", Map.of("n", "last")).block(DEADLINE);
			assertThat(awaitLast(received)).as("the last message reaches the client that reads").isTrue();
		}
	}

	@Test
	void crossSiteUpgradeIsRefusedBeforeTheUpgrade() throws Exception {
		try (RawWebSocket evil = RawWebSocket.open(this.port, "/cometd", "Origin: http://evil.example")) {
			assertThat(evil.statusLine()).contains(" 403 ");
		}
		try (RawWebSocket own = RawWebSocket.open(this.port, "/cometd", "Origin: http://127.0.0.1:" + this.port)) {
			assertThat(own.statusLine()).contains(" 101 ");
		}
		try (RawWebSocket none = RawWebSocket.open(this.port, "/cometd")) {
			assertThat(none.statusLine()).as("non-browser clients send no Origin").contains(" 101 ");
		}
	}

	private static boolean awaitLast(BlockingQueue<Message> received) throws InterruptedException {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while (System.nanoTime() < deadline) {
			Message message = received.poll(1, TimeUnit.SECONDS);
			if (message != null && "last".equals(((Map<?, ?>) message.getData()).get("n"))) {
				return true;
			}
		}
		return false;
	}

	private static String handshakeAndSubscribe(RawWebSocket socket, String channel) throws Exception {
		socket.send("""
				[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["websocket"]}]""");
		String clientId = (String) socket.receiveOne().get("clientId");
		socket.send("""
				[{"channel":"/meta/connect","clientId":"%s","connectionType":"websocket","advice":{"timeout":0}}]"""
			.formatted(clientId));
		assertThat(socket.receiveOne()).containsEntry("successful", true);
		socket.send("""
				[{"channel":"/meta/subscribe","clientId":"%s","subscription":"%s"}]""".formatted(clientId, channel));
		assertThat(socket.receiveOne()).containsEntry("successful", true);
		return clientId;
	}


}
