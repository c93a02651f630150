package io.github.cometdboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.github.cometdboot.server.BayeuxTestClient.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for pruning: sessions that stopped connecting and channels nobody uses, swept periodically on
 * the server's scheduler.
 */
class PruningTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final RecordingSessionListener listener = new RecordingSessionListener();

	private BayeuxServer server;

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void sessionThatStopsConnectingIsPrunedWithItsSubscriptions() {
		start(ServerSettings.defaults());
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		client.handshake();
		client.subscribe(List.of("/a", "/b/*"));
		ServerSession session = client.session();
		this.server.addSessionListener(this.listener);

		this.scheduler.advanceTimeBy(Duration.ofSeconds(9));
		assertThat(this.server.sessions().find(client.clientId())).isNotNull();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(3));
		assertThat(this.server.sessions().find(client.clientId())).isNull();

		assertThat(session.isEnded()).isTrue();
		assertThat(session.endReason()).isEqualTo(DisconnectReason.PRUNED);
		assertThat(session.subscriptions()).isEmpty();
		assertThat(this.server.channels().find("/a").subscribers()).isEmpty();
		assertThat(this.server.channels().find("/b/*").subscribers()).isEmpty();
		assertThat(this.listener.events()).filteredOn((event) -> event.startsWith("removed"))
			.containsExactly("removed " + client.clientId() + " PRUNED");
		assertThat(single(client.connect())).containsEntry(Message.ERROR, "402::session_unknown");
	}

	@Test
	void prunedSessionNoLongerReceives() {
		start(ServerSettings.defaults());
		BayeuxTestClient stale = BayeuxTestClient.polling(this.server);
		stale.handshake();
		stale.subscribe("/a");
		ServerSession session = stale.session();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(12));
		BayeuxTestClient publisher = BayeuxTestClient.polling(this.server);
		publisher.handshake();
		publisher.publish("/a", "x");
		assertThat(session.queueSize()).isZero();
	}

	@Test
	void sessionThatKeepsConnectingIsKept() {
		start(ServerSettings.defaults());
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		for (int i = 0; i < 10; i++) {
			this.scheduler.advanceTimeBy(Duration.ofSeconds(8));
			client.receive();
		}
		assertThat(this.server.sessions().find(client.clientId())).isNotNull();
		assertThat(this.server.now()).isEqualTo(80_000);
	}

	@Test
	void anyRequestKeepsTheSessionAlive() {
		start(ServerSettings.defaults());
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		client.handshake();
		for (int i = 0; i < 5; i++) {
			this.scheduler.advanceTimeBy(Duration.ofSeconds(8));
			client.publish("/chat", i);
		}
		assertThat(this.server.sessions().find(client.clientId())).isNotNull();
	}

	@Test
	void sessionWithAHeldConnectIsNotPruned() {
		start(ServerSettings.builder().timeout(Duration.ofMinutes(1)).build());
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> held = client.connectAsync();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(59));
		assertThat(held).isNotDone();
		assertThat(this.server.sessions().find(client.clientId())).isNotNull();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(single(held.join())).containsEntry(Message.SUCCESSFUL, true);
		// maxInterval counts from the end of the held connect.
		this.scheduler.advanceTimeBy(Duration.ofSeconds(9));
		assertThat(this.server.sessions().find(client.clientId())).isNotNull();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(3));
		assertThat(this.server.sessions().find(client.clientId())).isNull();
	}

	@Test
	void sessionWithAHeldPushingHeartbeatIsNotPruned() {
		start(ServerSettings.builder().timeout(Duration.ofMinutes(1)).build());
		BayeuxTestClient client = BayeuxTestClient.pushing(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> heartbeat = client.connectAsync();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(45));
		assertThat(heartbeat).isNotDone();
		assertThat(this.server.sessions().find(client.clientId())).isNotNull();
	}

	@Test
	void idleChannelWithoutSubscribersIsRemoved() {
		start(ServerSettings.builder()
			.maxInterval(Duration.ofHours(1))
			.channelIdleTime(Duration.ofSeconds(30))
			.build());
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		client.handshake();
		client.subscribe(List.of("/left", "/kept", "/kept/**"));
		client.unsubscribe("/left");
		this.scheduler.advanceTimeBy(Duration.ofSeconds(29));
		assertThat(this.server.channels().find("/left")).isNotNull();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(2));
		assertThat(this.server.channels().find("/left")).isNull();
		this.scheduler.advanceTimeBy(Duration.ofMinutes(10));
		assertThat(this.server.channels().find("/kept").subscribers()).containsExactly(client.session());
		assertThat(this.server.channels().find("/kept/**").subscribers()).containsExactly(client.session());
		assertThat(this.server.channels().size()).isEqualTo(2);
	}

	@Test
	void publishingKeepsAnUnsubscribedChannelActive() {
		start(ServerSettings.builder()
			.maxInterval(Duration.ofHours(1))
			.channelIdleTime(Duration.ofSeconds(30))
			.build());
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		client.handshake();
		client.subscribe("/a");
		client.unsubscribe("/a");
		this.scheduler.advanceTimeBy(Duration.ofSeconds(20));
		client.publish("/a", "activity");
		this.scheduler.advanceTimeBy(Duration.ofSeconds(20));
		assertThat(this.server.channels().find("/a")).isNotNull();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(11));
		assertThat(this.server.channels().find("/a")).isNull();
	}

	@Test
	void channelsOfAPrunedSessionGoAwayLater() {
		start(ServerSettings.defaults());
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		client.handshake();
		client.subscribe(List.of("/a", "/b/**"));
		this.scheduler.advanceTimeBy(Duration.ofSeconds(12));
		assertThat(this.server.sessions().size()).isZero();
		assertThat(this.server.channels().size()).isEqualTo(2);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(31));
		assertThat(this.server.channels().size()).isZero();
	}

	@Test
	void resubscribingRevivesAChannelBeforeItIsSwept() {
		start(ServerSettings.builder().maxInterval(Duration.ofHours(1)).build());
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		client.handshake();
		client.subscribe("/a");
		client.unsubscribe("/a");
		this.scheduler.advanceTimeBy(Duration.ofSeconds(29));
		client.subscribe("/a");
		this.scheduler.advanceTimeBy(Duration.ofMinutes(5));
		assertThat(this.server.channels().find("/a").subscribers()).containsExactly(client.session());
	}

	@Test
	void nothingIsSweptBeforeStart() {
		this.server = new BayeuxServer(ServerSettings.defaults(), new MessageCodec(), new InMemoryEngine(),
				SecurityPolicy.ALLOW_ALL, this.scheduler);
		// A hub not started makes no session by handshake (see HandshakeTests), so one is made directly.
		this.server.addSession(this.server.newSession(TransportContext.polling(BayeuxTestClient.LONG_POLLING, null)));
		this.scheduler.advanceTimeBy(Duration.ofMinutes(1));
		assertThat(this.server.sessions().size()).isOne();
		this.server.sweep();
		assertThat(this.server.sessions().size()).isZero();
		this.server.start();
		assertThat(this.server.isRunning()).isTrue();
	}

	@Test
	void sweepFollowsTheSweepPeriod() {
		start(ServerSettings.builder().sweepPeriod(Duration.ofSeconds(5)).build());
		this.scheduler.advanceTimeBy(Duration.ofSeconds(2));
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		client.handshake();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(12));
		assertThat(this.server.sessions().size()).as("expired, but no sweep since 10 s").isOne();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(this.server.sessions().size()).isZero();
	}

	private void start(ServerSettings settings) {
		this.server = BayeuxTestClient.startServer(settings, this.scheduler);
	}

}
