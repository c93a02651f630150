package io.github.cometdboot.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.cometdboot.Message;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.Wakeup;
import io.github.cometdboot.server.session.PushStream;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.session.OverflowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerSession#outbound()}, the stream of queued messages a pushing
 * transport writes.
 */
class OutboundTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private BayeuxServer server = BayeuxTestClient.startServer(ServerSettings.defaults(), this.scheduler);

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void batchesQueuedMessagesAndCompletesWhenTheSessionEnds() {
		BayeuxTestClient client = subscriber("/chat");
		BayeuxTestClient publisher = publisher();
		publisher.publish("/chat", 0);
		publisher.publish("/chat", 1);
		StepVerifier.create(client.session().outbound())
			.assertNext((batch) -> assertThat(data(batch)).containsExactly(0, 1))
			.then(() -> publisher.publish("/chat", 2))
			.assertNext((batch) -> assertThat(data(batch)).containsExactly(2))
			.then(() -> publisher.publish("/chat", 3))
			.assertNext((batch) -> assertThat(data(batch)).containsExactly(3))
			.then(client::disconnect)
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void messagesAreEncodedWithoutClientId() {
		BayeuxTestClient client = subscriber("/chat");
		publisher().publish("/chat", "x");
		StepVerifier.create(client.session().outbound())
			.assertNext((batch) -> assertThat(batch).singleElement().satisfies((message) -> {
				assertThat(message.channel().name()).isEqualTo("/chat");
				assertThat(BayeuxTestClient.decode(message.json())).containsEntry(Message.CHANNEL, "/chat")
					.containsEntry(Message.DATA, "x")
					.doesNotContainKey(Message.CLIENT_ID);
			}))
			.thenCancel()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void takesMessagesOnlyWhenRequested() {
		BayeuxTestClient client = subscriber("/chat");
		BayeuxTestClient publisher = publisher();
		StepVerifier.create(client.session().outbound(), 0)
			.then(() -> publisher.publish("/chat", "a"))
			.then(() -> publisher.publish("/chat", "b"))
			.then(() -> assertThat(client.session().queueSize()).isEqualTo(2))
			.thenRequest(1)
			.assertNext((batch) -> assertThat(data(batch)).containsExactly("a", "b"))
			.then(() -> assertThat(client.session().queueSize()).isZero())
			.then(() -> publisher.publish("/chat", "c"))
			.then(() -> assertThat(client.session().queueSize()).isOne())
			.thenRequest(1)
			.assertNext((batch) -> assertThat(data(batch)).containsExactly("c"))
			.thenCancel()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void completesForASessionThatAlreadyEnded() {
		BayeuxTestClient client = subscriber("/chat");
		ServerSession session = client.session();
		client.disconnect();
		StepVerifier.create(session.outbound()).expectComplete().verify(VERIFY_TIMEOUT);
	}

	@Test
	void completesForASessionThatEndedWithMessagesQueued() {
		BayeuxTestClient client = subscriber("/chat");
		ServerSession session = client.session();
		publisher().publish("/chat", "x");
		this.server.disconnect(session, DisconnectReason.SERVER);
		StepVerifier.create(session.outbound())
			.thenConsumeWhile((batch) -> true)
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void completesWhenTheSessionEndsWhileTheTransportIsNotReading() {
		this.server.stop();
		this.server = BayeuxTestClient.startServer(
				ServerSettings.builder().maxQueue(1).overflowPolicy(OverflowPolicy.DISCONNECT).build(), this.scheduler);
		ServerSession session = subscriber("/chat").session();
		BayeuxTestClient publisher = publisher();
		StepVerifier.create(session.outbound(), 0)
			.then(() -> publisher.publish("/chat", "fits"))
			.then(() -> publisher.publish("/chat", "overflows"))
			.then(() -> assertThat(session.endReason()).isEqualTo(DisconnectReason.QUEUE_OVERFLOW))
			.thenRequest(Long.MAX_VALUE)
			.thenConsumeWhile((batch) -> true)
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void newOutboundTakesOverFromThePrevious() {
		BayeuxTestClient client = subscriber("/chat");
		CompletableFuture<List<List<EncodedMessage>>> first = client.session().outbound()
			.collectList()
			.toFuture();
		assertThat(first).isNotDone();
		BayeuxTestClient publisher = publisher();
		StepVerifier.create(client.session().outbound())
			.then(() -> assertThat(first).isCompletedWithValue(List.of()))
			.then(() -> publisher.publish("/chat", "to the second"))
			.assertNext((batch) -> assertThat(data(batch)).containsExactly("to the second"))
			.thenCancel()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void heldConnectTakesOverFromThePushStream() {
		BayeuxTestClient client = subscriber("/chat");
		CompletableFuture<List<List<EncodedMessage>>> pushed = client.session().outbound()
			.collectList()
			.toFuture();
		CompletableFuture<Wakeup> held = Waiters.whenMessagesQueued(client.session()).toFuture();
		assertThat(pushed).isCompletedWithValue(List.of());
		publisher().publish("/chat", "to the long poll");
		assertThat(held).isCompletedWithValue(Wakeup.MESSAGES);
		assertThat(data(client.session().drain())).containsExactly("to the long poll");
	}

	@Test
	void cancelledPushStreamLeavesMessagesForTheNextWaiter() {
		BayeuxTestClient client = subscriber("/chat");
		BayeuxTestClient publisher = publisher();
		StepVerifier.create(client.session().outbound())
			.then(() -> publisher.publish("/chat", "pushed"))
			.assertNext((batch) -> assertThat(data(batch)).containsExactly("pushed"))
			.thenCancel()
			.verify(VERIFY_TIMEOUT);
		publisher.publish("/chat", "kept");
		assertThat(client.session().queueSize()).isOne();
		assertThat(Waiters.whenMessagesQueued(client.session()).toFuture()).isCompletedWithValue(Wakeup.MESSAGES);
	}

	@Test
	void failingDrainEndsThePushStreamWithTheError() {
		BayeuxTestClient client = subscriber("/chat");
		publisher().publish("/chat", "x");
		StepVerifier.create(PushStream.of(client.session(), (session) -> {
			throw new IllegalStateException("engine down");
		})).expectErrorMessage("engine down").verify(VERIFY_TIMEOUT);
	}

	@Test
	void oneMessageBatchesShareTheirFrameBytes() {
		BayeuxTestClient first = subscriber("/chat");
		BayeuxTestClient second = subscriber("/chat");
		publisher().publish("/chat", "x");
		byte[] firstFrame = EncodedMessage.toJsonArray(first.session().drain());
		byte[] secondFrame = EncodedMessage.toJsonArray(second.session().drain());
		assertThat(secondFrame).isSameAs(firstFrame);
		assertThat(this.server.codec().decode(firstFrame)).singleElement()
			.satisfies((message) -> assertThat(message.data()).isEqualTo("x"));
	}

	@Test
	void serviceAnswersArePushedToo() {
		this.server.addService("/service/echo", (session, message) -> Mono.just("pong"));
		BayeuxTestClient client = BayeuxTestClient.pushing(this.server);
		client.handshake();
		StepVerifier.create(client.session().outbound())
			.then(() -> client.publish("/service/echo", "ping"))
			.assertNext((batch) -> assertThat(data(batch)).containsExactly("pong"))
			.thenCancel()
			.verify(VERIFY_TIMEOUT);
	}

	private BayeuxTestClient subscriber(String channel) {
		BayeuxTestClient client = BayeuxTestClient.pushing(this.server);
		client.handshake();
		client.subscribe(channel);
		return client;
	}

	private BayeuxTestClient publisher() {
		BayeuxTestClient publisher = BayeuxTestClient.polling(this.server);
		publisher.handshake();
		return publisher;
	}

	private static List<Object> data(List<EncodedMessage> batch) {
		return batch.stream().map((message) -> message.message().data()).toList();
	}

}
