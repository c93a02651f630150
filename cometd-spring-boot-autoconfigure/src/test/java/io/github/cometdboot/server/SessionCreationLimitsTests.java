package io.github.cometdboot.server;

import java.time.Duration;
import java.util.Map;

import io.github.cometdboot.Message;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the limits on making sessions: the most sessions the server holds, and the handshake rate
 * of one client address, each refused with its Bayeux error and advice to handshake again later.
 */
class SessionCreationLimitsTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private @Nullable BayeuxServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
		this.scheduler.dispose();
	}

	@Test
	void handshakesBeyondMaxSessionsAreRefusedUntilASessionEnds() {
		start(new SessionLimits(0, 0, 0, 0, 3, 0, 0));
		BayeuxTestClient first = client("10.0.0.1").handshakeAndConnect();
		client("10.0.0.2").handshakeAndConnect();
		client("10.0.0.3").handshakeAndConnect();
		Map<String, Object> refused = client("10.0.0.4").handshake();
		assertThat(refused).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "503::too_many_sessions")
			.doesNotContainKey(Message.CLIENT_ID);
		assertThat(BayeuxTestClient.advice(refused)).containsEntry("reconnect", "handshake")
			.containsEntry("interval", 10_000);
		assertThat(this.server.sessions().size()).isEqualTo(3);
		assertThat(this.server.statistics().refusedCount(ServerObserver.RefusalReason.SESSION_LIMIT)).isOne();
		first.disconnect();
		assertThat(client("10.0.0.4").handshake()).containsEntry(Message.SUCCESSFUL, true);
	}

	@Test
	void handshakesOfOneAddressBeyondItsBurstWaitForTheRate() {
		start(new SessionLimits(0, 0, 0, 0, 0, 2, 3));
		for (int i = 0; i < 3; i++) {
			assertThat(client("10.0.0.1").handshake()).containsEntry(Message.SUCCESSFUL, true);
		}
		Map<String, Object> refused = client("10.0.0.1").handshake();
		assertThat(refused).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "429::handshake_rate_exceeded");
		// Two handshakes a second: the next is allowed half a second later, and the client is told so.
		assertThat(BayeuxTestClient.advice(refused)).containsEntry("reconnect", "handshake")
			.containsEntry("interval", 500);
		assertThat(this.server.statistics().refusedCount(ServerObserver.RefusalReason.HANDSHAKE_RATE)).isOne();
		assertThat(client("10.0.0.2").handshake()).as("another address has its own allowance")
			.containsEntry(Message.SUCCESSFUL, true);
		this.scheduler.advanceTimeBy(Duration.ofMillis(500));
		assertThat(client("10.0.0.1").handshake()).containsEntry(Message.SUCCESSFUL, true);
		assertThat(client("10.0.0.1").handshake()).containsEntry(Message.SUCCESSFUL, false);
	}

	@Test
	void aTransportThatKnowsNoAddressIsNotRateLimited() {
		start(new SessionLimits(0, 0, 0, 0, 0, 1, 1));
		for (int i = 0; i < 5; i++) {
			assertThat(BayeuxTestClient.polling(this.server).handshake()).containsEntry(Message.SUCCESSFUL, true);
		}
	}

	@Test
	void defaultMaxSessionsFollowsTheHeap() {
		assertThat(SessionLimits.defaultMaxSessions(1024L * 1024 * 1024)).isEqualTo(16_384);
		assertThat(SessionLimits.defaultMaxSessions(4L * 1024 * 1024 * 1024)).isEqualTo(65_536);
		assertThat(SessionLimits.defaultMaxSessions(16L * 1024 * 1024)).as("at least 1000").isEqualTo(1000);
		assertThat(SessionLimits.defaults().maxSessions())
			.isEqualTo(SessionLimits.defaultMaxSessions(Runtime.getRuntime().maxMemory()));
	}

	private void start(SessionLimits limits) {
		this.server = BayeuxTestClient.startServer(ServerSettings.builder().limits(limits).build(), this.scheduler);
	}

	private BayeuxTestClient client(String address) {
		return new BayeuxTestClient(this.server,
				new TransportContext(BayeuxTestClient.LONG_POLLING, "browser-" + address, false, null, address));
	}

}
