package io.github.cometdboot.server;

import io.github.cometdboot.server.session.Wakeup;
import io.github.cometdboot.server.session.WakeupSlot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WakeupSlot}: one waiter at a time, woken once, or for every message while it lasts.
 */
class WakeupSlotTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

	private final WakeupSlot slot = new WakeupSlot();

	@Test
	void waiterIsWokenWithTheReason() {
		StepVerifier.create(Waiters.await(this.slot))
			.then(() -> this.slot.wake(Wakeup.TIMEOUT))
			.expectNext(Wakeup.TIMEOUT)
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void waiterWaitsUntilWoken() {
		CompletableFuture<Wakeup> waiter = Waiters.await(this.slot).toFuture();
		assertThat(waiter).isNotDone();
		this.slot.wake(Wakeup.MESSAGES);
		assertThat(waiter).isCompletedWithValue(Wakeup.MESSAGES);
	}

	@Test
	void newWaiterReplacesThePrevious() {
		CompletableFuture<Wakeup> first = Waiters.await(this.slot).toFuture();
		CompletableFuture<Wakeup> second = Waiters.await(this.slot).toFuture();
		assertThat(first).isCompletedWithValue(Wakeup.REPLACED);
		assertThat(second).isNotDone();
		this.slot.wake(Wakeup.SESSION_ENDED);
		assertThat(second).isCompletedWithValue(Wakeup.SESSION_ENDED);
	}

	@Test
	void replacedBeforeSubscriptionIsStillSeen() {
		StepVerifier.create(Waiters.await(this.slot).doOnSubscribe((subscription) -> Waiters.await(this.slot)))
			.expectNext(Wakeup.REPLACED)
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void wakeWithoutWaiterIsNotRemembered() {
		this.slot.wake(Wakeup.MESSAGES);
		CompletableFuture<Wakeup> waiter = Waiters.await(this.slot).toFuture();
		assertThat(waiter).isNotDone();
	}

	@Test
	void waiterIsWokenOnce() {
		CompletableFuture<Wakeup> first = Waiters.await(this.slot).toFuture();
		this.slot.wake(Wakeup.MESSAGES);
		this.slot.wake(Wakeup.TIMEOUT);
		assertThat(first).isCompletedWithValue(Wakeup.MESSAGES);
		CompletableFuture<Wakeup> second = Waiters.await(this.slot).toFuture();
		assertThat(second).isNotDone();
		assertThat(first).isCompletedWithValue(Wakeup.MESSAGES);
	}

	@Test
	void lastingWaiterStaysThroughMessagesAndLeavesWhenReplaced() {
		RecordingWaiter lasting = new RecordingWaiter();
		this.slot.install(lasting);
		this.slot.wake(Wakeup.MESSAGES);
		this.slot.wake(Wakeup.MESSAGES);
		assertThat(lasting.reasons).containsExactly(Wakeup.MESSAGES, Wakeup.MESSAGES);
		CompletableFuture<Wakeup> next = Waiters.await(this.slot).toFuture();
		assertThat(lasting.reasons).containsExactly(Wakeup.MESSAGES, Wakeup.MESSAGES, Wakeup.REPLACED);
		this.slot.wake(Wakeup.MESSAGES);
		assertThat(next).isCompletedWithValue(Wakeup.MESSAGES);
		assertThat(lasting.reasons).hasSize(3);
	}

	@Test
	void lastingWaiterLeavesWhenWokenForAnotherReason() {
		RecordingWaiter lasting = new RecordingWaiter();
		this.slot.install(lasting);
		this.slot.wake(Wakeup.SESSION_ENDED);
		this.slot.wake(Wakeup.MESSAGES);
		assertThat(lasting.reasons).containsExactly(Wakeup.SESSION_ENDED);
	}

	@Test
	void removedWaiterIsNotWoken() {
		RecordingWaiter lasting = new RecordingWaiter();
		this.slot.install(lasting);
		this.slot.remove(lasting);
		this.slot.wake(Wakeup.MESSAGES);
		assertThat(lasting.reasons).isEmpty();
	}

	@Test
	void removingAReplacedWaiterKeepsItsSuccessor() {
		RecordingWaiter first = new RecordingWaiter();
		RecordingWaiter second = new RecordingWaiter();
		this.slot.install(first);
		this.slot.install(second);
		this.slot.remove(first);
		this.slot.wake(Wakeup.MESSAGES);
		assertThat(second.reasons).containsExactly(Wakeup.MESSAGES);
	}

	private static final class RecordingWaiter implements WakeupSlot.Waiter {

		private final List<Wakeup> reasons = new ArrayList<>();

		@Override
		public void wake(Wakeup reason) {
			this.reasons.add(reason);
		}

		@Override
		public boolean staysForMessages() {
			return true;
		}

	}

}
