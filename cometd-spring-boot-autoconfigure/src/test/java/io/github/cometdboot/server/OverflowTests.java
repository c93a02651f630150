package io.github.cometdboot.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.cometdboot.Message;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.OverflowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.github.cometdboot.server.BayeuxTestClient.advice;
import static io.github.cometdboot.server.BayeuxTestClient.data;
import static io.github.cometdboot.server.BayeuxTestClient.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for a full session queue under each {@link OverflowPolicy}.
 */
class OverflowTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final RecordingSessionListener listener = new RecordingSessionListener();

	private BayeuxServer server;

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void dropOldestKeepsTheNewestMessages() {
		start(OverflowPolicy.DROP_OLDEST, 3);
		BayeuxTestClient subscriber = subscriber();
		BayeuxTestClient publisher = client();
		for (int i = 0; i < 5; i++) {
			assertThat(publisher.publish("/feed", i)).containsEntry(Message.SUCCESSFUL, true);
		}
		assertThat(subscriber.session().queueSize()).isEqualTo(3);
		assertThat(subscriber.session().droppedMessages()).isEqualTo(2);
		assertThat(data(subscriber.receive())).containsExactly(2, 3, 4);
		assertThat(subscriber.session().isEnded()).isFalse();
		publisher.publish("/feed", 5);
		assertThat(data(subscriber.receive())).containsExactly(5);
		assertThat(subscriber.session().droppedMessages()).isEqualTo(2);
	}

	@Test
	void dropOldestAffectsOnlyTheFullQueue() {
		start(OverflowPolicy.DROP_OLDEST, 3);
		BayeuxTestClient slow = subscriber();
		BayeuxTestClient fast = subscriber();
		BayeuxTestClient publisher = client();
		for (int i = 0; i < 6; i++) {
			publisher.publish("/feed", i);
			if (i % 2 == 1) {
				assertThat(data(fast.receive())).containsExactly(i - 1, i);
			}
		}
		assertThat(fast.session().droppedMessages()).isZero();
		assertThat(slow.session().droppedMessages()).isEqualTo(3);
		assertThat(data(slow.receive())).containsExactly(3, 4, 5);
	}

	@Test
	void disconnectPolicyEndsTheSlowSessionOnly() {
		start(OverflowPolicy.DISCONNECT, 2);
		BayeuxTestClient slow = subscriber();
		String slowId = slow.clientId();
		ServerSession slowSession = slow.session();
		BayeuxTestClient fast = subscriber();
		BayeuxTestClient publisher = client();
		this.server.addSessionListener(this.listener);
		publisher.publish("/feed", 0);
		publisher.publish("/feed", 1);
		assertThat(data(fast.receive())).containsExactly(0, 1);
		assertThat(publisher.publish("/feed", 2)).containsEntry(Message.SUCCESSFUL, true);

		assertThat(slowSession.isEnded()).isTrue();
		assertThat(slowSession.endReason()).isEqualTo(DisconnectReason.QUEUE_OVERFLOW);
		assertThat(this.listener.events()).filteredOn((event) -> event.startsWith("removed"))
			.containsExactly("removed " + slowId + " QUEUE_OVERFLOW");
		assertThat(this.server.sessions().find(slowId)).isNull();
		assertThat(this.server.channels().find("/feed").subscribers()).containsExactly(fast.session());

		assertThat(data(fast.receive())).containsExactly(2);
		publisher.publish("/feed", 3);
		assertThat(data(fast.receive())).containsExactly(3);
		Map<String, Object> reply = single(slow.connect());
		assertThat(reply).containsEntry(Message.ERROR, "402::session_unknown");
		assertThat(advice(reply)).containsEntry("reconnect", "handshake");
	}

	@Test
	void overflowAnswersTheHeldConnectWithSessionUnknown() {
		start(OverflowPolicy.DISCONNECT, 1);
		BayeuxTestClient slow = BayeuxTestClient.pushing(this.server).handshakeAndConnect();
		slow.subscribe("/feed");
		CompletableFuture<List<Map<String, Object>>> heartbeat = slow.connectAsync();
		BayeuxTestClient publisher = client();
		publisher.publish("/feed", 0);
		assertThat(heartbeat).isNotDone();
		publisher.publish("/feed", 1);
		assertThat(heartbeat).isDone();
		Map<String, Object> reply = single(heartbeat.join());
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false).containsEntry(Message.ERROR, "402::session_unknown");
		assertThat(advice(reply)).containsEntry("reconnect", "handshake");
	}

	@Test
	void serviceAnswerOverflowEndsTheSender() {
		start(OverflowPolicy.DISCONNECT, 1);
		this.server.addService("/service/echo", (session, message) -> Mono.just("pong"));
		// A websocket client that does not read: its answers stay queued.
		BayeuxTestClient sender = BayeuxTestClient.pushing(this.server).handshakeAndConnect();
		assertThat(sender.publish("/service/echo", 1)).containsEntry(Message.SUCCESSFUL, true);
		sender.publish("/service/echo", 2);
		assertThat(this.server.sessions().size()).isZero();
	}

	private void start(OverflowPolicy policy, int maxQueue) {
		this.server = BayeuxTestClient.startServer(
				ServerSettings.builder().maxQueue(maxQueue).overflowPolicy(policy).build(), this.scheduler);
	}

	private BayeuxTestClient subscriber() {
		BayeuxTestClient subscriber = client();
		subscriber.subscribe("/feed");
		return subscriber;
	}

	private BayeuxTestClient client() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		assertThat(client.handshake()).containsEntry(Message.SUCCESSFUL, true);
		return client;
	}

}
