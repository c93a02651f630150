package io.github.cometdboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for publishing from several threads at once: nothing is lost and each publisher's messages
 * arrive in the order it sent them, whether they are fetched by connects or pushed.
 */
class ConcurrencyTests {

	private static final int PUBLISHERS = 4;

	private static final int MESSAGES = 500;

	private static final int TOTAL = PUBLISHERS * MESSAGES;

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final BayeuxServer server = BayeuxTestClient.startServer(
			ServerSettings.builder().maxQueue(TOTAL).maxInterval(Duration.ofHours(1)).build(), this.scheduler);

	private final ExecutorService executor = Executors.newFixedThreadPool(PUBLISHERS + 1);

	@AfterEach
	void stop() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void concurrentPublishesAreAllDeliveredInPublisherOrder() throws Exception {
		BayeuxTestClient exact = subscriber("/load");
		BayeuxTestClient wildcard = subscriber("/**");
		publishConcurrently();
		assertInPublisherOrder(BayeuxTestClient.data(exact.receive()));
		assertInPublisherOrder(BayeuxTestClient.data(wildcard.receive()));
	}

	@Test
	void heldConnectsReceiveEverythingWhilePublishersRun() throws Exception {
		BayeuxTestClient subscriber = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		subscriber.subscribe("/load");
		Future<List<Object>> polled = this.executor.submit(() -> {
			List<Object> received = new ArrayList<>();
			while (received.size() < TOTAL) {
				// A lost wake-up would leave the connect held: the virtual clock never times it out.
				List<Map<String, Object>> replies = subscriber.connectAsync().get(10, TimeUnit.SECONDS);
				assertThat(BayeuxTestClient.lastConnectReply(replies)).containsEntry(Message.SUCCESSFUL, true);
				received.addAll(BayeuxTestClient.data(replies.subList(0, replies.size() - 1)));
			}
			return received;
		});
		publishConcurrently();
		assertInPublisherOrder(polled.get(10, TimeUnit.SECONDS));
	}

	@Test
	void pushingSubscriberReceivesEverythingWhilePublishersRun() throws Exception {
		BayeuxTestClient subscriber = BayeuxTestClient.pushing(this.server);
		subscriber.handshake();
		subscriber.subscribe("/load");
		CompletableFuture<List<Object>> pushed = subscriber.session().outbound()
			.flatMapIterable((batch) -> batch)
			.map((message) -> message.message().data())
			.take(TOTAL)
			.collectList()
			.toFuture();
		publishConcurrently();
		assertInPublisherOrder(pushed.get(10, TimeUnit.SECONDS));
	}

	private BayeuxTestClient subscriber(String channel) {
		BayeuxTestClient subscriber = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		subscriber.subscribe(channel);
		return subscriber;
	}

	private void publishConcurrently() throws Exception {
		List<BayeuxTestClient> publishers = new ArrayList<>();
		for (int p = 0; p < PUBLISHERS; p++) {
			BayeuxTestClient publisher = BayeuxTestClient.polling(this.server);
			publisher.handshake();
			publishers.add(publisher);
		}
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(PUBLISHERS);
		List<Future<?>> results = new ArrayList<>();
		for (int p = 0; p < PUBLISHERS; p++) {
			int publisherIndex = p;
			BayeuxTestClient publisher = publishers.get(p);
			results.add(this.executor.submit(() -> {
				try {
					assertThat(start.await(10, TimeUnit.SECONDS)).isTrue();
					for (int i = 0; i < MESSAGES; i++) {
						Map<String, Object> reply = publisher.publish("/load", Map.of("p", publisherIndex, "seq", i));
						assertThat(reply).containsEntry(Message.SUCCESSFUL, true);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					done.countDown();
				}
			}));
		}
		start.countDown();
		assertThat(done.await(10, TimeUnit.SECONDS)).as("publishers finished").isTrue();
		for (Future<?> result : results) {
			result.get(1, TimeUnit.SECONDS);
		}
	}

	@SuppressWarnings("unchecked")
	private static void assertInPublisherOrder(List<Object> received) {
		assertThat(received).hasSize(TOTAL);
		int[] next = new int[PUBLISHERS];
		for (Object data : received) {
			Map<String, Object> message = (Map<String, Object>) data;
			int publisher = (Integer) message.get("p");
			assertThat(message.get("seq")).as("next message of publisher %d", publisher).isEqualTo(next[publisher]);
			next[publisher]++;
		}
		assertThat(next).containsOnly(MESSAGES);
	}

}
