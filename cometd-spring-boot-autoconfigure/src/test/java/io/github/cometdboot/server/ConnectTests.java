package io.github.cometdboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.cometdboot.Message;
import io.github.cometdboot.DisconnectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.github.cometdboot.server.BayeuxTestClient.advice;
import static io.github.cometdboot.server.BayeuxTestClient.lastConnectReply;
import static io.github.cometdboot.server.BayeuxTestClient.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code /meta/connect}: when it is answered at once, when it is held, what wakes it and what
 * it carries.
 */
class ConnectTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final BayeuxServer server = BayeuxTestClient.startServer(
			ServerSettings.builder().maxInterval(Duration.ofMinutes(1)).build(), this.scheduler);

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void firstConnectIsAnsweredAtOnceWithAdvice() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		client.handshake();
		Map<String, Object> reply = single(client.send(client.connectMessage().put(Message.ID, "c-1")));
		assertThat(reply).containsEntry(Message.CHANNEL, "/meta/connect")
			.containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.ID, "c-1")
			.containsEntry(Message.CLIENT_ID, client.clientId());
		assertThat(advice(reply)).containsEntry("reconnect", "retry")
			.containsEntry("interval", 0)
			.containsEntry("timeout", 20000)
			.containsEntry("maxInterval", 60000);
		assertThat(client.session().isConnectHeld()).isFalse();
	}

	@Test
	void firstConnectCarriesQueuedMessages() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		client.handshake();
		client.subscribe("/chat");
		publisher().publish("/chat", "early");
		List<Map<String, Object>> replies = client.connect();
		assertThat(replies).hasSize(2);
		assertThat(replies.get(0)).containsEntry(Message.CHANNEL, "/chat").containsEntry(Message.DATA, "early");
		assertThat(lastConnectReply(replies)).containsEntry(Message.SUCCESSFUL, true);
	}

	@Test
	void timeoutZeroIsAnsweredAtOnce() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		for (int i = 0; i < 3; i++) {
			Map<String, Object> reply = single(
					client.send(client.connectMessage().put(Message.ADVICE, Map.of("timeout", 0))));
			assertThat(reply).containsEntry(Message.SUCCESSFUL, true);
			assertThat(client.session().isConnectHeld()).isFalse();
		}
	}

	@Test
	void negativeTimeoutIsAnsweredAtOnce() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		assertThat(single(client.send(client.connectMessage().put(Message.ADVICE, Map.of("timeout", -5)))))
			.containsEntry(Message.SUCCESSFUL, true);
	}

	@Test
	void laterConnectIsHeldUntilTheTimeout() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> held = client.connectAsync();
		assertThat(held).isNotDone();
		assertThat(client.session().isConnectHeld()).isTrue();
		this.scheduler.advanceTimeBy(Duration.ofMillis(19_999));
		assertThat(held).isNotDone();
		this.scheduler.advanceTimeBy(Duration.ofMillis(1));
		assertThat(held).isDone();
		assertThat(single(held.join())).containsEntry(Message.CHANNEL, "/meta/connect")
			.containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.CLIENT_ID, client.clientId());
		assertThat(client.session().isConnectHeld()).isFalse();
	}

	@Test
	void heldConnectTimesOutWithStepVerifier() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		Message connect = client.connectMessage().put(Message.ID, "held");
		StepVerifier.create(this.server.process(List.of(connect), client.context()))
			.expectSubscription()
			.then(() -> assertThat(client.session().isConnectHeld()).isTrue())
			.then(() -> this.scheduler.advanceTimeBy(Duration.ofSeconds(20)))
			.assertNext((batch) -> {
				assertThat(batch.session()).isSameAs(client.session());
				assertThat(single(BayeuxTestClient.decode(batch))).containsEntry(Message.ID, "held")
					.containsEntry(Message.SUCCESSFUL, true);
			})
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void clientMayAskForAShorterHold() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> held = client
			.sendAsync(client.connectMessage().put(Message.ADVICE, Map.of("timeout", 5000)));
		this.scheduler.advanceTimeBy(Duration.ofMillis(4999));
		assertThat(held).isNotDone();
		this.scheduler.advanceTimeBy(Duration.ofMillis(1));
		assertThat(held).isDone();
	}

	@Test
	void clientCannotAskForALongerHoldThanTheServerTimeout() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> held = client
			.sendAsync(client.connectMessage().put(Message.ADVICE, Map.of("timeout", 3_600_000)));
		this.scheduler.advanceTimeBy(Duration.ofSeconds(20));
		assertThat(held).isDone();
	}

	@Test
	void heldConnectIsAnsweredWithPublishedMessagesBeforeTheReply() {
		BayeuxTestClient subscriber = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		subscriber.subscribe("/chat");
		BayeuxTestClient publisher = publisher();
		CompletableFuture<List<Map<String, Object>>> held = subscriber.connectAsync();
		assertThat(held).isNotDone();
		publisher.publish("/chat", Map.of("text", "hi"));
		assertThat(held).isDone();
		List<Map<String, Object>> replies = held.join();
		assertThat(replies).hasSize(2);
		assertThat(replies.get(0)).containsEntry(Message.CHANNEL, "/chat")
			.containsEntry(Message.DATA, Map.of("text", "hi"))
			.doesNotContainKey(Message.CLIENT_ID)
			.doesNotContainKey(Message.SUCCESSFUL);
		assertThat(lastConnectReply(replies)).containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.CLIENT_ID, subscriber.clientId());
		assertThat(subscriber.session().queueSize()).isZero();
		assertThat(subscriber.session().isConnectHeld()).isFalse();
	}

	@Test
	void heldConnectIsWokenByAPublishWithStepVerifier() {
		BayeuxTestClient subscriber = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		subscriber.subscribe("/chat/*");
		BayeuxTestClient publisher = publisher();
		StepVerifier.create(this.server.process(List.of(subscriber.connectMessage()), subscriber.context()))
			.expectSubscription()
			.then(() -> publisher.publish("/chat/room", "hello"))
			.assertNext((batch) -> {
				List<Map<String, Object>> replies = BayeuxTestClient.decode(batch);
				assertThat(replies).extracting((reply) -> reply.get(Message.CHANNEL))
					.containsExactly("/chat/room", "/meta/connect");
				assertThat(replies.get(0)).containsEntry(Message.DATA, "hello");
			})
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void connectIsAnsweredAtOnceWhenMessagesAreQueued() {
		BayeuxTestClient subscriber = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		subscriber.subscribe("/chat");
		BayeuxTestClient publisher = publisher();
		for (int i = 0; i < 3; i++) {
			publisher.publish("/chat", i);
		}
		List<Map<String, Object>> replies = subscriber.connect();
		assertThat(BayeuxTestClient.data(replies.subList(0, 3))).containsExactly(0, 1, 2);
		assertThat(lastConnectReply(replies)).containsEntry(Message.SUCCESSFUL, true);
		assertThat(replies).hasSize(4);
	}

	@Test
	void publishOnAnotherChannelDoesNotWakeTheConnect() {
		BayeuxTestClient subscriber = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		subscriber.subscribe("/chat");
		CompletableFuture<List<Map<String, Object>>> held = subscriber.connectAsync();
		publisher().publish("/other", "x");
		assertThat(held).isNotDone();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(20));
		assertThat(single(held.join())).containsEntry(Message.SUCCESSFUL, true);
	}

	@Test
	void secondConnectOfTheSessionReleasesTheFirst() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		client.subscribe("/chat");
		CompletableFuture<List<Map<String, Object>>> first = client
			.sendAsync(client.connectMessage().put(Message.ID, "first"));
		CompletableFuture<List<Map<String, Object>>> second = client
			.sendAsync(client.connectMessage().put(Message.ID, "second"));
		assertThat(first).isDone();
		assertThat(single(first.join())).containsEntry(Message.ID, "first").containsEntry(Message.SUCCESSFUL, true);
		assertThat(second).isNotDone();
		assertThat(client.session().isConnectHeld()).isTrue();
		publisher().publish("/chat", "for the second");
		assertThat(second).isDone();
		List<Map<String, Object>> replies = second.join();
		assertThat(BayeuxTestClient.data(replies.subList(0, 1))).containsExactly("for the second");
		assertThat(lastConnectReply(replies)).containsEntry(Message.ID, "second");
		assertThat(first.join()).hasSize(1);
	}

	@Test
	void replacedConnectLeavesTheSecondHeldUntilItsOwnTimeout() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> first = client.connectAsync();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(10));
		CompletableFuture<List<Map<String, Object>>> second = client.connectAsync();
		assertThat(first).isDone();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(19));
		assertThat(second).isNotDone();
		assertThat(client.session().isConnectHeld()).isTrue();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(second).isDone();
		assertThat(client.session().isConnectHeld()).isFalse();
	}

	@Test
	void secondSessionOfABrowserIsToldItHasMultipleClients() {
		BayeuxTestClient first = BayeuxTestClient.polling(this.server, "browser-1").handshakeAndConnect();
		BayeuxTestClient second = BayeuxTestClient.polling(this.server, "browser-1").handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> held = first.connectAsync();
		assertThat(held).isNotDone();
		Map<String, Object> reply = single(second.connect());
		assertThat(reply).containsEntry(Message.SUCCESSFUL, true);
		assertThat(advice(reply)).containsEntry("reconnect", "retry")
			.containsEntry("interval", 2000)
			.containsEntry("multiple-clients", true);
		assertThat(held).isNotDone();
		assertThat(second.session().isConnectHeld()).isFalse();
	}

	@Test
	void otherBrowsersAndClientsWithoutCookieMayHold() {
		BayeuxTestClient first = BayeuxTestClient.polling(this.server, "browser-1").handshakeAndConnect();
		BayeuxTestClient otherBrowser = BayeuxTestClient.polling(this.server, "browser-2").handshakeAndConnect();
		BayeuxTestClient noCookie = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		BayeuxTestClient noCookieEither = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		assertThat(first.connectAsync()).isNotDone();
		assertThat(otherBrowser.connectAsync()).isNotDone();
		assertThat(noCookie.connectAsync()).isNotDone();
		assertThat(noCookieEither.connectAsync()).isNotDone();
	}

	@Test
	void browserMayHoldAgainOnceItsConnectIsAnswered() {
		BayeuxTestClient first = BayeuxTestClient.polling(this.server, "browser-1").handshakeAndConnect();
		BayeuxTestClient second = BayeuxTestClient.polling(this.server, "browser-1").handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> held = first.connectAsync();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(20));
		assertThat(held).isDone();
		assertThat(second.connectAsync()).isNotDone();
		assertThat(advice(single(first.connect()))).containsEntry("multiple-clients", true);
	}

	@Test
	void browserMayHoldAgainOnceItsHoldingSessionDisconnects() {
		BayeuxTestClient first = BayeuxTestClient.polling(this.server, "browser-1").handshakeAndConnect();
		BayeuxTestClient second = BayeuxTestClient.polling(this.server, "browser-1").handshakeAndConnect();
		first.connectAsync();
		first.disconnect();
		assertThat(second.connectAsync()).isNotDone();
	}

	@Test
	void multipleClientsIsStillAdvisedAfterTheHoldingSessionReplacesItsConnect() {
		BayeuxTestClient first = BayeuxTestClient.polling(this.server, "browser-1").handshakeAndConnect();
		BayeuxTestClient second = BayeuxTestClient.polling(this.server, "browser-1").handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> replaced = first.connectAsync();
		CompletableFuture<List<Map<String, Object>>> held = first.connectAsync();
		assertThat(replaced).isDone();
		assertThat(held).isNotDone();
		assertThat(advice(single(second.connect()))).containsEntry("multiple-clients", true);
	}

	@Test
	void maxSessionsPerBrowserAllowsSeveralHolders() {
		BayeuxServer server = BayeuxTestClient.startServer(
				ServerSettings.builder().maxSessionsPerBrowser(2).maxInterval(Duration.ofMinutes(1)).build(),
				this.scheduler);
		try {
			BayeuxTestClient first = BayeuxTestClient.polling(server, "browser-1").handshakeAndConnect();
			BayeuxTestClient second = BayeuxTestClient.polling(server, "browser-1").handshakeAndConnect();
			BayeuxTestClient third = BayeuxTestClient.polling(server, "browser-1").handshakeAndConnect();
			assertThat(first.connectAsync()).isNotDone();
			assertThat(second.connectAsync()).isNotDone();
			assertThat(advice(single(third.connect()))).containsEntry("multiple-clients", true);
		}
		finally {
			server.stop();
		}
	}

	@Test
	void pushingConnectIsNotWokenByMessages() {
		BayeuxTestClient client = BayeuxTestClient.pushing(this.server).handshakeAndConnect();
		client.subscribe("/chat");
		CompletableFuture<List<Map<String, Object>>> heartbeat = client.connectAsync();
		publisher().publish("/chat", "pushed elsewhere");
		assertThat(heartbeat).isNotDone();
		assertThat(client.session().queueSize()).isOne();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(20));
		assertThat(heartbeat).isDone();
		assertThat(single(heartbeat.join())).containsEntry(Message.CHANNEL, "/meta/connect")
			.containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.session().queueSize()).as("left for the pushing transport").isOne();
	}

	@Test
	void pushingConnectsCarryNoMessagesEvenWhenQueued() {
		BayeuxTestClient client = BayeuxTestClient.pushing(this.server);
		client.handshake();
		client.subscribe("/chat");
		publisher().publish("/chat", "x");
		assertThat(client.connect()).hasSize(1);
		CompletableFuture<List<Map<String, Object>>> heartbeat = client.connectAsync();
		assertThat(heartbeat).isNotDone();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(20));
		assertThat(heartbeat.join()).hasSize(1);
		assertThat(client.session().queueSize()).isOne();
	}

	@Test
	void pushingConnectsAreNotLimitedPerBrowser() {
		BayeuxTestClient first = new BayeuxTestClient(this.server,
				TransportContext.pushing(BayeuxTestClient.WEBSOCKET, "browser-1"))
			.handshakeAndConnect();
		BayeuxTestClient second = new BayeuxTestClient(this.server,
				TransportContext.pushing(BayeuxTestClient.WEBSOCKET, "browser-1"))
			.handshakeAndConnect();
		assertThat(first.connectAsync()).isNotDone();
		assertThat(second.connectAsync()).isNotDone();
	}

	@Test
	void unknownClientIdMustHandshakeAgain() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).useClientId("no-such-client");
		Map<String, Object> reply = single(client.send(client.connectMessage().put(Message.ID, "77")));
		assertThat(reply).containsEntry(Message.CHANNEL, "/meta/connect")
			.containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "402::session_unknown")
			.containsEntry(Message.ID, "77");
		assertThat(advice(reply)).containsExactly(Map.entry("reconnect", "handshake"), Map.entry("interval", 0));
	}

	@Test
	void missingClientIdMustHandshakeAgain() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).useClientId(null);
		Map<String, Object> reply = single(client.connect());
		assertThat(reply).containsEntry(Message.ERROR, "402::session_unknown");
		assertThat(advice(reply)).containsEntry("reconnect", "handshake").containsEntry("interval", 0);
	}

	@Test
	void everyRequestOfAnUnknownSessionGetsSessionUnknown() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).useClientId("forged");
		List<Map<String, Object>> replies = client.send(
				client.message("/meta/subscribe").put(Message.SUBSCRIPTION, "/a"),
				client.message("/meta/unsubscribe").put(Message.SUBSCRIPTION, "/a"),
				client.message("/chat").put(Message.DATA, "x"), client.message("/service/echo").put(Message.DATA, "x"),
				client.message("/meta/disconnect"));
		assertThat(replies).hasSize(5).allSatisfy((reply) -> {
			assertThat(reply).containsEntry(Message.SUCCESSFUL, false)
				.containsEntry(Message.ERROR, "402::session_unknown");
			assertThat(advice(reply)).containsEntry("reconnect", "handshake").containsEntry("interval", 0);
		});
		assertThat(this.server.channels().size()).isZero();
	}

	@Test
	void disconnectReleasesTheHeldConnect() {
		RecordingSessionListener listener = new RecordingSessionListener();
		this.server.addSessionListener(listener);
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		String clientId = client.clientId();
		CompletableFuture<List<Map<String, Object>>> held = client.connectAsync();
		Map<String, Object> disconnect = client.disconnect();
		assertThat(disconnect).containsEntry(Message.CHANNEL, "/meta/disconnect")
			.containsEntry(Message.SUCCESSFUL, true);
		assertThat(held).isDone();
		Map<String, Object> released = single(held.join());
		assertThat(released).containsEntry(Message.CHANNEL, "/meta/connect");
		assertThat(advice(released)).containsEntry("reconnect", "none");
		assertThat(this.server.sessions().find(clientId)).isNull();
		assertThat(listener.events()).containsExactly("added " + clientId, "removed " + clientId + " CLIENT");
		assertThat(single(client.connect())).containsEntry(Message.ERROR, "402::session_unknown");
	}

	@Test
	void serverEndingTheSessionTellsTheHeldConnectToHandshake() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> held = client.connectAsync();
		this.server.disconnect(client.session(), DisconnectReason.SERVER);
		assertThat(held).isDone();
		Map<String, Object> reply = single(held.join());
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false).containsEntry(Message.ERROR, "402::session_unknown");
		assertThat(advice(reply)).containsEntry("reconnect", "handshake");
	}

	@Test
	void stoppingTheServerAnswersHeldConnects() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> held = client.connectAsync();
		this.server.stop();
		assertThat(held).isDone();
		assertThat(single(held.join())).containsEntry(Message.ERROR, "402::session_unknown");
		assertThat(this.server.sessions().size()).isZero();
		assertThat(this.server.isRunning()).isFalse();
	}

	@Test
	void connectReplyIdentifiesTheSession() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		client.handshake();
		ProcessedBatch batch = client.processAsync(client.connectMessage()).join();
		assertThat(batch.session()).isSameAs(client.session());
		assertThat(this.server.codec().decode(batch.toJsonArray())).singleElement()
			.satisfies((reply) -> assertThat(reply.channel()).isEqualTo("/meta/connect"));
	}

	private BayeuxTestClient publisher() {
		BayeuxTestClient publisher = BayeuxTestClient.polling(this.server);
		publisher.handshake();
		return publisher;
	}

}
