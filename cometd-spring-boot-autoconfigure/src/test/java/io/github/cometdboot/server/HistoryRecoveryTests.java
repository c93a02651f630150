package io.github.cometdboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.bayeux.ChannelPattern;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.history.ChannelHistory;
import io.github.cometdboot.server.history.HistoryPosition;
import io.github.cometdboot.server.history.HistoryRetention;
import io.github.cometdboot.server.history.InMemoryChannelHistory;
import io.github.cometdboot.server.history.Recovery;
import io.github.cometdboot.server.session.EncodedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.github.cometdboot.server.BayeuxTestClient.data;
import static io.github.cometdboot.server.BayeuxTestClient.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for channel history through the hub: positions on published messages and subscribe replies,
 * recovery before live messages without duplicates, and plain refusals.
 */
class HistoryRecoveryTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final InMemoryChannelHistory history = new InMemoryChannelHistory(
			List.of(new HistoryRetention(ChannelPattern.of("/feed/**"), 5, Duration.ofMinutes(5))),
			() -> this.scheduler.now(TimeUnit.MILLISECONDS), "epoch-1");

	private BayeuxServer server = start(this.history);

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void messagesOnHistoryChannelsCarryTheirPosition() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		client.subscribe("/feed/a");
		client.subscribe("/plain");
		client.publish("/feed/a", "one");
		client.publish("/plain", "two");
		List<Map<String, Object>> received = client.receive();
		assertThat(received.get(0)).containsEntry(Message.EXT,
				Map.of("history", Map.of("offset", 1, "epoch", "epoch-1")));
		assertThat(received.get(1)).doesNotContainKey(Message.EXT);
	}

	@Test
	void publisherExtIsKeptBesideThePosition() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		client.subscribe("/feed/a");
		List<Map<String, Object>> replies = client
			.send(client.message("/feed/a").put(Message.DATA, "x").put(Message.EXT, Map.of("trace", "t1")));
		// Its own broadcast comes back with the publish reply.
		assertThat(replies.get(0)).containsEntry(Message.EXT,
				Map.of("trace", "t1", "history", Map.of("offset", 1, "epoch", "epoch-1")));
	}

	@Test
	void subscribeReplyTellsTheNewestPosition() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		assertThat(client.subscribe("/feed/a")).containsEntry(Message.EXT,
				Map.of("history", Map.of("offset", 0, "epoch", "epoch-1")));
		publish("/feed/a", "one", "two");
		assertThat(client.subscribe("/feed/a")).containsEntry(Message.EXT,
				Map.of("history", Map.of("offset", 2, "epoch", "epoch-1")));
		assertThat(client.subscribe("/plain")).doesNotContainKey(Message.EXT);
	}

	@Test
	void resubscribeWithTheLastOffsetReceivesWhatWasMissedThenLiveMessages() {
		publish("/feed/a", "m1", "m2", "m3", "m4");
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		List<Map<String, Object>> replies = client.send(recoverFrom(client, "/feed/a", 2, "epoch-1"));
		// What was missed comes with the subscribe reply (the client holds no connect).
		assertThat(data(replies.subList(0, replies.size() - 1))).containsExactly("m3", "m4");
		assertThat(replies.get(replies.size() - 1)).containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.EXT,
					Map.of("history", Map.of("offset", 4, "epoch", "epoch-1", "recovered", true)));
		publish("/feed/a", "m5");
		assertThat(data(client.receive())).containsExactly("m5");
	}

	@Test
	void aHeldConnectIsAnsweredWithTheRecoveredMessages() {
		publish("/feed/a", "m1", "m2", "m3");
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> held = client.connectAsync();
		assertThat(held).isNotDone();
		single(client.send(recoverFrom(client, "/feed/a", 1, "epoch-1")));
		assertThat(held).isDone();
		List<Map<String, Object>> replies = held.join();
		assertThat(data(replies.subList(0, replies.size() - 1))).containsExactly("m2", "m3");
	}

	@Test
	void positionOfAnotherEpochIsRefusedPlainlyAndLiveMessagesFollow() {
		publish("/feed/a", "m1");
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		Map<String, Object> reply = single(client.send(recoverFrom(client, "/feed/a", 1, "old-life")));
		assertThat(reply).containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.EXT, Map.of("history",
					Map.of("offset", 1, "epoch", "epoch-1", "recovered", false, "reason", "epoch_changed")));
		publish("/feed/a", "m2");
		assertThat(data(client.receive())).containsExactly("m2");
	}

	@Test
	void positionOlderThanTheHistoryIsRefusedPlainly() {
		publish("/feed/a", "m1", "m2", "m3", "m4", "m5", "m6", "m7");
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		Map<String, Object> reply = single(client.send(recoverFrom(client, "/feed/a", 1, "epoch-1")));
		assertThat(historyOf(reply)).containsEntry("recovered", false).containsEntry("reason", "too_old");
		assertThat(client.session().queueSize()).isZero();
	}

	@Test
	void liveMessagesPublishedWhileTheHistoryIsReadComeAfterItAndOnlyOnce() {
		Sinks.One<Boolean> release = Sinks.one();
		this.server.stop();
		this.server = start(new SlowHistory(this.history, release.asMono()));
		publish("/feed/a", "m1", "m2");
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> reply = client.sendAsync(recoverFrom(client, "/feed/a", 1, "epoch-1"));
		assertThat(reply).as("waits for the history").isNotDone();
		// m3 is stored before the history is read, and also delivered live to the new subscription.
		publish("/feed/a", "m3");
		release.tryEmitValue(true);
		assertThat(reply).isDone();
		publish("/feed/a", "m4");
		List<Object> received = new ArrayList<>(data(reply.join().subList(0, reply.join().size() - 1)));
		received.addAll(data(client.receive()));
		assertThat(received).containsExactly("m2", "m3", "m4");
	}

	@Test
	void concurrentPublishersOnOneChannelAreDeliveredInOffsetOrder() throws Exception {
		this.server.stop();
		this.server = start(new InMemoryChannelHistory(
				List.of(new HistoryRetention(ChannelPattern.of("/feed/**"), 5, Duration.ofMinutes(5))), () -> 0, "e"),
				4000);
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		client.subscribe("/feed/a");
		ExecutorService publishers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int p = 0; p < 4; p++) {
				running.add(publishers.submit(() -> publish("/feed/a", IntStream.range(0, 1000).boxed().toArray())));
			}
			for (Future<?> publisher : running) {
				publisher.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			publishers.shutdownNow();
		}
		List<Long> offsets = client.receive().stream().map(HistoryRecoveryTests::offsetOf).toList();
		assertThat(offsets).hasSize(4000).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void aSubscriptionToSeveralChannelsDoesNotRecover() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		assertThat(client.subscribe(List.of("/feed/a", "/feed/b"))).doesNotContainKey(Message.EXT);
	}

	private BayeuxServer start(ChannelHistory history) {
		return start(history, 1000);
	}

	private BayeuxServer start(ChannelHistory history, int maxQueue) {
		BayeuxServer started = new BayeuxServer(
				ServerSettings.builder().maxInterval(Duration.ofMinutes(1)).maxQueue(maxQueue).build(),
				new MessageCodec(), new InMemoryEngine(), SecurityPolicy.ALLOW_ALL, this.scheduler, history);
		started.addConnectionType(BayeuxTestClient.LONG_POLLING);
		started.start();
		return started;
	}

	private static Message recoverFrom(BayeuxTestClient client, String channel, long offset, String epoch) {
		return client.message(MetaChannels.SUBSCRIBE)
			.put(Message.SUBSCRIPTION, channel)
			.put(Message.EXT, Map.of("history", Map.of("offset", offset, "epoch", epoch)));
	}

	private void publish(String channel, Object... data) {
		for (Object item : data) {
			this.server.publish(channel, item).block(VERIFY_TIMEOUT);
		}
	}

	@SuppressWarnings("unchecked")
	private static long offsetOf(Map<String, Object> message) {
		Map<String, Object> ext = (Map<String, Object>) message.get(Message.EXT);
		return ((Number) ((Map<String, Object>) ext.get("history")).get("offset")).longValue();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> historyOf(Map<String, Object> reply) {
		return (Map<String, Object>) ((Map<String, Object>) reply.get(Message.EXT)).get("history");
	}

	/** A history whose recovery answers only when released, as a remote store might. */
	private record SlowHistory(ChannelHistory delegate, Mono<Boolean> released) implements ChannelHistory {

		@Override
		public boolean keeps(ChannelId channel) {
			return this.delegate.keeps(channel);
		}

		@Override
		public String epoch() {
			return this.delegate.epoch();
		}

		@Override
		public Mono<EncodedMessage> append(ChannelId channel, Function<HistoryPosition, EncodedMessage> encoder) {
			return this.delegate.append(channel, encoder);
		}

		@Override
		public Mono<HistoryPosition> latest(ChannelId channel) {
			return this.delegate.latest(channel);
		}

		@Override
		public Mono<Recovery> after(ChannelId channel, HistoryPosition position) {
			return this.released.then(this.delegate.after(channel, position));
		}

	}

}
