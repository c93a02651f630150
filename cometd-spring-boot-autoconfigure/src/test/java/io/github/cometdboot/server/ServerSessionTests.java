package io.github.cometdboot.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.Wakeup;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.session.SessionQueue;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerSession}: its end, its held connect and its expiry.
 */
class ServerSessionTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

	private final ServerSession session = new ServerSession("id-1", "browser-1", "long-polling", 1000,
			ServerSettings.builder().maxQueue(2).build().sessionSettings());

	@Test
	void endsOnce() {
		assertThat(this.session.isEnded()).isFalse();
		assertThat(this.session.endReason()).isNull();
		assertThat(this.session.end(DisconnectReason.PRUNED)).isTrue();
		assertThat(this.session.end(DisconnectReason.CLIENT)).isFalse();
		assertThat(this.session.isEnded()).isTrue();
		assertThat(this.session.endReason()).isEqualTo(DisconnectReason.PRUNED);
	}

	@Test
	void endWakesTheHeldConnectAndTheQueueWaiter() {
		CompletableFuture<Wakeup> connect = Waiters.holdConnect(this.session).toFuture();
		CompletableFuture<Wakeup> queue = Waiters.whenMessagesQueued(this.session).toFuture();
		this.session.end(DisconnectReason.SERVER);
		assertThat(connect).isCompletedWithValue(Wakeup.SESSION_ENDED);
		assertThat(queue).isCompletedWithValue(Wakeup.SESSION_ENDED);
	}

	@Test
	void connectHeldAfterTheEndIsReleasedAtOnce() {
		this.session.end(DisconnectReason.CLIENT);
		StepVerifier.create(Waiters.holdConnect(this.session))
			.expectNext(Wakeup.SESSION_ENDED)
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void waitingForMessagesAfterTheEndEndsAtOnce() {
		this.session.end(DisconnectReason.QUEUE_OVERFLOW);
		StepVerifier.create(Waiters.whenMessagesQueued(this.session))
			.expectNext(Wakeup.SESSION_ENDED)
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void newHeldConnectReplacesThePrevious() {
		CompletableFuture<Wakeup> first = Waiters.holdConnect(this.session).toFuture();
		CompletableFuture<Wakeup> second = Waiters.holdConnect(this.session).toFuture();
		assertThat(first).isCompletedWithValue(Wakeup.REPLACED);
		assertThat(second).isNotDone();
	}

	@Test
	void firstConnectIsMarkedOnce() {
		assertThat(this.session.markConnected()).isTrue();
		assertThat(this.session.markConnected()).isFalse();
	}

	@Test
	void expiresAfterMaxIntervalWithoutRequests() {
		assertThat(this.session.isExpired(11_000, 10_000)).isFalse();
		assertThat(this.session.isExpired(11_001, 10_000)).isTrue();
		this.session.seen(5000, "websocket");
		assertThat(this.session.isExpired(11_001, 10_000)).isFalse();
		assertThat(this.session.transport()).isEqualTo("websocket");
	}

	@Test
	void doesNotExpireWhileAConnectIsHeld() {
		assertThat(this.session.connectHoldStarted()).isTrue();
		assertThat(this.session.isConnectHeld()).isTrue();
		assertThat(this.session.isExpired(1_000_000, 10_000)).isFalse();
		assertThat(this.session.connectHoldEnded(1_000_000)).isTrue();
		assertThat(this.session.isConnectHeld()).isFalse();
		assertThat(this.session.isExpired(1_010_000, 10_000)).isFalse();
		assertThat(this.session.isExpired(1_010_001, 10_000)).isTrue();
	}

	@Test
	void overlappingHoldsAreCounted() {
		assertThat(this.session.connectHoldStarted()).isTrue();
		assertThat(this.session.connectHoldStarted()).isFalse();
		assertThat(this.session.connectHoldEnded(2000)).isFalse();
		assertThat(this.session.isConnectHeld()).isTrue();
		assertThat(this.session.connectHoldEnded(2000)).isTrue();
	}

	@Test
	void queueUsesTheSettings() {
		assertThat(this.session.add(message(0))).isEqualTo(SessionQueue.Offer.QUEUED);
		assertThat(this.session.add(message(1))).isEqualTo(SessionQueue.Offer.QUEUED);
		assertThat(this.session.add(message(2))).isEqualTo(SessionQueue.Offer.QUEUED_DROPPING_OLDEST);
		assertThat(this.session.queueSize()).isEqualTo(2);
		assertThat(this.session.droppedMessages()).isOne();
		assertThat(this.session.drain()).extracting((message) -> message.message().data()).containsExactly(1, 2);
	}

	@Test
	void subscriptionsAreAViewThatCannotBeChanged() {
		this.session.addSubscription(ChannelId.of("/a"));
		assertThat(this.session.subscriptions()).containsExactly(ChannelId.of("/a"));
		assertThat(this.session.subscriptions()).isUnmodifiable();
	}

	private static EncodedMessage message(int number) {
		return new EncodedMessage(ChannelId.of("/a"), Message.on("/a").put(Message.DATA, number), new byte[0]);
	}

}
