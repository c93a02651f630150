package io.github.cometdboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.cometdboot.Message;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.OverflowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.github.cometdboot.server.BayeuxTestClient.data;
import static io.github.cometdboot.server.BayeuxTestClient.lastConnectReply;
import static io.github.cometdboot.server.BayeuxTestClient.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for acknowledged delivery (CometD's {@code ack} extension): batch numbers on connect replies,
 * redelivery of what a lost reply carried, delivery only in connect replies over websocket, and the
 * bound of the unacknowledged buffer.
 */
class AcknowledgedDeliveryTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private BayeuxServer server = start(ServerSettings.builder().maxInterval(Duration.ofMinutes(1)));

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void handshakeThatAsksForAcksIsToldTheServerAcknowledges() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		Map<String, Object> reply = client.handshake(askingForAcks(client));
		assertThat(reply).containsEntry(Message.EXT, Map.of("ack", true));
		assertThat(client.session().isAcknowledging()).isTrue();
	}

	@Test
	void handshakeWithoutAckIsNotAcknowledged() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		assertThat(client.handshake()).doesNotContainKey(Message.EXT);
		assertThat(client.session().isAcknowledging()).isFalse();
		assertThat(lastConnectReply(client.connect())).doesNotContainKey(Message.EXT);
	}

	@Test
	void serverWithAcksDisabledIgnoresTheRequest() {
		this.server.stop();
		this.server = start(ServerSettings.builder().acknowledgedDelivery(false));
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		assertThat(client.handshake(askingForAcks(client))).doesNotContainKey(Message.EXT);
		assertThat(client.session().isAcknowledging()).isFalse();
	}

	@Test
	void connectRepliesAreNumberedAndAcknowledgedMessagesAreNotSentAgain() {
		BayeuxTestClient client = acknowledgingClient(BayeuxTestClient.polling(this.server));
		List<Map<String, Object>> first = connect(client, 0);
		assertThat(batchOf(lastConnectReply(first))).isEqualTo(1);
		publish("/feed", "a", "b");
		List<Map<String, Object>> second = connect(client, 1);
		assertThat(data(second.subList(0, 2))).containsExactly("a", "b");
		assertThat(batchOf(lastConnectReply(second))).isEqualTo(2);
		publish("/feed", "c");
		List<Map<String, Object>> third = connect(client, 2);
		assertThat(data(third.subList(0, third.size() - 1))).containsExactly("c");
		assertThat(batchOf(lastConnectReply(third))).isEqualTo(3);
		assertThat(client.session().acknowledgements().size()).isEqualTo(1);
	}

	@Test
	void messagesOfALostReplyAreSentAgainOnceInOrderBeforeNewerOnes() {
		BayeuxTestClient client = acknowledgingClient(BayeuxTestClient.polling(this.server));
		connect(client, 0);
		publish("/feed", "a", "b");
		// The reply of batch 2 carries a and b, and is lost on the way.
		assertThat(data(connect(client, 1).subList(0, 2))).containsExactly("a", "b");
		// The next connect acknowledges batch 1 only: though nothing new is queued, it is answered at once.
		List<Map<String, Object>> again = connect(client, 1);
		assertThat(data(again.subList(0, again.size() - 1))).containsExactly("a", "b");
		assertThat(batchOf(lastConnectReply(again))).isEqualTo(3);
		// Batch 3 is lost too, and c is published meanwhile: a, b come a third time, before c.
		publish("/feed", "c");
		List<Map<String, Object>> third = connect(client, 1);
		assertThat(data(third.subList(0, third.size() - 1))).containsExactly("a", "b", "c");
		assertThat(batchOf(lastConnectReply(third))).isEqualTo(4);
		// Once batch 4 is acknowledged nothing is left to send: the connect is held.
		CompletableFuture<List<Map<String, Object>>> held = client.sendAsync(connectMessage(client, 4));
		assertThat(held).isNotDone();
		publish("/feed", "d");
		assertThat(held).isDone();
		assertThat(data(held.join().subList(0, held.join().size() - 1))).containsExactly("d");
		assertThat(client.session().acknowledgements().acknowledgedBatch()).isEqualTo(4);
	}

	@Test
	void heldConnectThatTimesOutStillNumbersItsReply() {
		BayeuxTestClient client = acknowledgingClient(BayeuxTestClient.polling(this.server));
		connect(client, 0);
		StepVerifier.create(this.server.process(List.of(connectMessage(client, 1)), client.context()))
			.expectSubscription()
			.then(() -> this.scheduler.advanceTimeBy(Duration.ofSeconds(20)))
			.assertNext((batch) -> assertThat(batchOf(single(BayeuxTestClient.decode(batch)))).isEqualTo(2))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void overWebSocketMessagesTravelOnlyInConnectRepliesOfAnAcknowledgingSession() {
		BayeuxTestClient client = acknowledgingClient(BayeuxTestClient.pushing(this.server));
		connect(client, 0);
		StepVerifier.create(client.session().outbound())
			.expectSubscription()
			.then(() -> publish("/feed", "pushed?"))
			.then(() -> assertThat(client.session().queueSize()).as("left for the next connect").isEqualTo(1))
			.thenCancel()
			.verify(VERIFY_TIMEOUT);
		List<Map<String, Object>> replies = connect(client, 1);
		assertThat(data(replies.subList(0, 1))).containsExactly("pushed?");
		assertThat(batchOf(lastConnectReply(replies))).isEqualTo(2);
		CompletableFuture<List<Map<String, Object>>> held = client.sendAsync(connectMessage(client, 2));
		assertThat(held).as("held while nothing is queued").isNotDone();
		publish("/feed", "wakes the connect");
		assertThat(held).isDone();
		assertThat(data(held.join().subList(0, 1))).containsExactly("wakes the connect");
	}

	@Test
	void unacknowledgedBufferDropsTheOldestBeyondMaxQueue() {
		this.server.stop();
		this.server = start(ServerSettings.builder().maxInterval(Duration.ofMinutes(1)).maxQueue(3));
		BayeuxTestClient client = acknowledgingClient(BayeuxTestClient.polling(this.server));
		connect(client, 0);
		publish("/feed", 1, 2);
		connect(client, 1);
		publish("/feed", 3, 4);
		// Batch 2 (1, 2) was not acknowledged: with 3 and 4 that is one more than the buffer holds.
		List<Map<String, Object>> replies = connect(client, 1);
		assertThat(data(replies.subList(0, replies.size() - 1))).containsExactly(2, 3, 4);
		assertThat(this.server.statistics().droppedCount(ServerObserver.DropReason.QUEUE_FULL)).isEqualTo(1);
		assertThat(client.session().isEnded()).isFalse();
	}

	@Test
	void unacknowledgedBufferOverflowDisconnectsUnderTheDisconnectPolicy() {
		this.server.stop();
		this.server = start(ServerSettings.builder().maxQueue(2).overflowPolicy(OverflowPolicy.DISCONNECT));
		BayeuxTestClient client = acknowledgingClient(BayeuxTestClient.polling(this.server));
		ServerSession session = client.session();
		connect(client, 0);
		publish("/feed", 1, 2);
		connect(client, 1);
		publish("/feed", 3);
		connect(client, 1);
		assertThat(session.isEnded()).isTrue();
		assertThat(session.endReason()).isEqualTo(DisconnectReason.QUEUE_OVERFLOW);
	}

	private BayeuxServer start(ServerSettings.Builder settings) {
		return BayeuxTestClient.startServer(settings.build(), this.scheduler);
	}

	private static Message askingForAcks(BayeuxTestClient client) {
		return client.handshakeMessage().put(Message.EXT, Map.of("ack", true));
	}

	/** A client that asked for acks and subscribes to {@code /feed}. */
	private static BayeuxTestClient acknowledgingClient(BayeuxTestClient client) {
		client.handshake(askingForAcks(client));
		assertThat(client.subscribe("/feed")).containsEntry(Message.SUCCESSFUL, true);
		return client;
	}

	private static Message connectMessage(BayeuxTestClient client, long acknowledged) {
		return client.connectMessage().put(Message.EXT, Map.of("ack", acknowledged));
	}

	/** A connect that the server must answer at once. */
	private static List<Map<String, Object>> connect(BayeuxTestClient client, long acknowledged) {
		return client.send(connectMessage(client, acknowledged));
	}

	private void publish(String channel, Object... data) {
		for (Object item : data) {
			this.server.publish(channel, item).block(VERIFY_TIMEOUT);
		}
	}

	@SuppressWarnings("unchecked")
	private static long batchOf(Map<String, Object> connectReply) {
		assertThat(connectReply).containsEntry(Message.SUCCESSFUL, true);
		return ((Number) ((Map<String, Object>) connectReply.get(Message.EXT)).get("ack")).longValue();
	}

}
