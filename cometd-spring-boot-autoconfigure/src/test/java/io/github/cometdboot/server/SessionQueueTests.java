package io.github.cometdboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.SessionQueue;
import io.github.cometdboot.server.session.Wakeup;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.session.OverflowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionQueue}: bounded capacity, overflow policies and waking its waiter without
 * losing a wake-up.
 */
class SessionQueueTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	@AfterEach
	void shutdown() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void drainReturnsMessagesOldestFirstAndEmptiesTheQueue() {
		SessionQueue queue = new SessionQueue(10, OverflowPolicy.DROP_OLDEST);
		for (int i = 0; i < 3; i++) {
			assertThat(queue.offer(message(i))).isTrue();
		}
		assertThat(queue.size()).isEqualTo(3);
		assertThat(queue.drain()).extracting(SessionQueueTests::number).containsExactly(0, 1, 2);
		assertThat(queue.size()).isZero();
		assertThat(queue.drain()).isEmpty();
	}

	@Test
	void dropOldestKeepsTheNewestAndCountsDrops() {
		SessionQueue queue = new SessionQueue(3, OverflowPolicy.DROP_OLDEST);
		for (int i = 0; i < 5; i++) {
			assertThat(queue.offer(message(i))).isTrue();
		}
		assertThat(queue.size()).isEqualTo(3);
		assertThat(queue.dropped()).isEqualTo(2);
		assertThat(queue.drain()).extracting(SessionQueueTests::number).containsExactly(2, 3, 4);
		assertThat(queue.offer(message(5))).isTrue();
		assertThat(queue.dropped()).isEqualTo(2);
	}

	@Test
	void disconnectPolicyRefusesWhenFull() {
		SessionQueue queue = new SessionQueue(2, OverflowPolicy.DISCONNECT);
		assertThat(queue.offer(message(0))).isTrue();
		assertThat(queue.offer(message(1))).isTrue();
		assertThat(queue.offer(message(2))).isFalse();
		assertThat(queue.size()).isEqualTo(2);
		assertThat(queue.dropped()).isZero();
		assertThat(queue.drain()).extracting(SessionQueueTests::number).containsExactly(0, 1);
		assertThat(queue.offer(message(3))).isTrue();
	}

	@Test
	void capacityOfOne() {
		SessionQueue queue = new SessionQueue(1, OverflowPolicy.DROP_OLDEST);
		queue.offer(message(0));
		queue.offer(message(1));
		assertThat(queue.drain()).extracting(SessionQueueTests::number).containsExactly(1);
		assertThat(queue.dropped()).isOne();
	}

	@Test
	void waiterIsWokenByOffer() {
		SessionQueue queue = new SessionQueue(10, OverflowPolicy.DROP_OLDEST);
		StepVerifier.create(Waiters.whenNotEmpty(queue))
			.then(() -> queue.offer(message(0)))
			.expectNext(Wakeup.MESSAGES)
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
		assertThat(queue.size()).isOne();
	}

	@Test
	void waiterWaitsWhileEmpty() {
		SessionQueue queue = new SessionQueue(10, OverflowPolicy.DROP_OLDEST);
		CompletableFuture<Wakeup> waiter = Waiters.whenNotEmpty(queue).toFuture();
		assertThat(waiter).isNotDone();
		queue.offer(message(0));
		assertThat(waiter).isCompletedWithValue(Wakeup.MESSAGES);
	}

	@Test
	void queuedMessagesAnswerAtOnce() {
		SessionQueue queue = new SessionQueue(10, OverflowPolicy.DROP_OLDEST);
		queue.offer(message(0));
		assertThat(Waiters.whenNotEmpty(queue).toFuture()).isCompletedWithValue(Wakeup.MESSAGES);
	}

	@Test
	void newWaiterReplacesThePrevious() {
		SessionQueue queue = new SessionQueue(10, OverflowPolicy.DROP_OLDEST);
		CompletableFuture<Wakeup> first = Waiters.whenNotEmpty(queue).toFuture();
		CompletableFuture<Wakeup> second = Waiters.whenNotEmpty(queue).toFuture();
		assertThat(first).isCompletedWithValue(Wakeup.REPLACED);
		assertThat(second).isNotDone();
		queue.offer(message(0));
		assertThat(second).isCompletedWithValue(Wakeup.MESSAGES);
	}

	@Test
	void wakeGivesTheReason() {
		SessionQueue queue = new SessionQueue(10, OverflowPolicy.DROP_OLDEST);
		CompletableFuture<Wakeup> waiter = Waiters.whenNotEmpty(queue).toFuture();
		queue.wake(Wakeup.SESSION_ENDED);
		assertThat(waiter).isCompletedWithValue(Wakeup.SESSION_ENDED);
		assertThat(Waiters.whenNotEmpty(queue).toFuture()).isNotDone();
	}

	@Test
	void overflowStillWakesTheWaiter() {
		SessionQueue queue = new SessionQueue(1, OverflowPolicy.DROP_OLDEST);
		queue.offer(message(0));
		queue.drain();
		CompletableFuture<Wakeup> waiter = Waiters.whenNotEmpty(queue).toFuture();
		queue.offer(message(1));
		assertThat(waiter).isCompletedWithValue(Wakeup.MESSAGES);
	}

	@Test
	void noWakeupIsLostWhenOfferRacesTheWaiter() throws Exception {
		// A lost wake-up leaves the waiter waiting for ever: each round gives it a second.
		for (int round = 0; round < 2000; round++) {
			SessionQueue queue = new SessionQueue(10, OverflowPolicy.DROP_OLDEST);
			CyclicBarrier start = new CyclicBarrier(2);
			Future<Wakeup> waiter = this.executor.submit(() -> {
				start.await(5, TimeUnit.SECONDS);
				return Waiters.whenNotEmpty(queue).block(Duration.ofSeconds(1));
			});
			Future<Boolean> offer = this.executor.submit(() -> {
				start.await(5, TimeUnit.SECONDS);
				return queue.offer(message(0));
			});
			assertThat(offer.get(5, TimeUnit.SECONDS)).isTrue();
			assertThat(waiter.get(5, TimeUnit.SECONDS)).as("round %d", round).isEqualTo(Wakeup.MESSAGES);
		}
	}

	@Test
	void consumerReceivesEveryMessageFromAConcurrentProducer() throws Exception {
		int count = 20_000;
		SessionQueue queue = new SessionQueue(count, OverflowPolicy.DISCONNECT);
		Future<List<Integer>> consumer = this.executor.submit(() -> {
			List<Integer> received = new ArrayList<>();
			while (received.size() < count) {
				Wakeup wakeup = Waiters.whenNotEmpty(queue).block(Duration.ofSeconds(5));
				assertThat(wakeup).isEqualTo(Wakeup.MESSAGES);
				queue.drain().forEach((message) -> received.add(number(message)));
			}
			return received;
		});
		Future<?> producer = this.executor.submit(() -> {
			for (int i = 0; i < count; i++) {
				assertThat(queue.offer(message(i))).isTrue();
			}
		});
		producer.get(10, TimeUnit.SECONDS);
		List<Integer> received = consumer.get(10, TimeUnit.SECONDS);
		assertThat(received).hasSize(count);
		for (int i = 0; i < count; i++) {
			assertThat(received.get(i)).isEqualTo(i);
		}
	}

	private static EncodedMessage message(int number) {
		Message message = Message.on("/test").put(Message.DATA, number);
		return new EncodedMessage(ChannelId.of("/test"), message, new byte[0]);
	}

	private static int number(EncodedMessage message) {
		return (Integer) message.message().data();
	}

}
