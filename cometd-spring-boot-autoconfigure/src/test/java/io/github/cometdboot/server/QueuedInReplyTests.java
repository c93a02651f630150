package io.github.cometdboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.cometdboot.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.github.cometdboot.server.BayeuxTestClient.data;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QueuedInReply}: the reply to a polling client's publish carries what was queued for
 * it meanwhile, its own broadcast included, and its held connect stays held; not for pushing
 * transports, a session whose stream is open, acknowledging clients, nor a request that borrows another
 * browser's client id; and not while the request waits on something.
 */
class QueuedInReplyTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final BayeuxServer server = BayeuxTestClient.startServer(
			ServerSettings.builder().maxInterval(Duration.ofMinutes(1)).build(), this.scheduler);

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void ownBroadcastComesBackInThePublishReplyAndTheConnectStaysHeld() {
		BayeuxTestClient client = subscribed(BayeuxTestClient.polling(this.server, "browser-of-the-client-1"));
		CompletableFuture<List<Map<String, Object>>> held = client.connectAsync();
		List<Map<String, Object>> replies = client.send(client.message("/chat").put(Message.DATA, "mine"));
		assertThat(data(replies.subList(0, 1))).containsExactly("mine");
		assertThat(replies.get(1)).containsEntry(Message.CHANNEL, "/chat").containsEntry(Message.SUCCESSFUL, true);
		assertThat(held).as("nothing left for the connect").isNotDone();
		assertThat(client.session().queueSize()).isZero();
	}

	@Test
	void messagesQueuedBeforeComeWithThePublishReply() {
		BayeuxTestClient client = subscribed(BayeuxTestClient.polling(this.server, "browser-of-the-client-1"));
		BayeuxTestClient other = subscribed(BayeuxTestClient.polling(this.server, "browser-of-the-client-2"));
		other.send(other.message("/chat").put(Message.DATA, "earlier"));
		List<Map<String, Object>> replies = client.send(client.message("/chat").put(Message.DATA, "mine"));
		assertThat(data(replies.subList(0, 2))).containsExactly("earlier", "mine");
	}

	@Test
	void pushingClientGetsItsBroadcastPushedNotInTheReply() {
		BayeuxTestClient client = subscribed(BayeuxTestClient.pushing(this.server));
		List<Map<String, Object>> replies = client.send(client.message("/chat").put(Message.DATA, "mine"));
		assertThat(replies).hasSize(1);
		assertThat(client.session().queueSize()).isEqualTo(1);
	}

	@Test
	void sessionWhoseStreamIsOpenGetsItsBroadcastOnTheStreamNotInTheReply() {
		// A streaming client POSTs its requests as a polling one does, and may name long-polling in them
		// (Faye does while its EventSource opens): its stream, once open, carries its messages.
		BayeuxTestClient client = subscribed(BayeuxTestClient.polling(this.server, "browser-of-the-client-1"));
		StepVerifier.create(client.session().outbound())
			.then(() -> assertThat(client.send(client.message("/chat").put(Message.DATA, "mine"))).singleElement()
				.satisfies((reply) -> assertThat(reply).containsEntry(Message.SUCCESSFUL, true)))
			.assertNext((batch) -> assertThat(batch).singleElement()
				.satisfies((message) -> assertThat(BayeuxTestClient.decode(message.json()))
					.containsEntry(Message.DATA, "mine")))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
		// The stream gone, the replies carry the messages again.
		List<Map<String, Object>> replies = client.send(client.message("/chat").put(Message.DATA, "again"));
		assertThat(data(replies.subList(0, 1))).containsExactly("again");
	}

	@Test
	void acknowledgingClientGetsItsBroadcastInANumberedConnectReply() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server, "browser-of-the-client-1");
		client.handshake(client.handshakeMessage().put(Message.EXT, Map.of("ack", true)));
		client.subscribe("/chat");
		client.send(client.connectMessage().put(Message.EXT, Map.of("ack", 0)));
		CompletableFuture<List<Map<String, Object>>> held = client
			.sendAsync(client.connectMessage().put(Message.EXT, Map.of("ack", 1)));
		List<Map<String, Object>> replies = client.send(client.message("/chat").put(Message.DATA, "mine"));
		assertThat(replies).hasSize(1);
		assertThat(held).isDone();
		assertThat(data(held.join().subList(0, 1))).containsExactly("mine");
	}

	@Test
	void requestWithAnotherBrowsersClientIdTakesNothing() {
		BayeuxTestClient victim = subscribed(BayeuxTestClient.polling(this.server, "browser-of-the-victim"));
		this.server.publish("/chat", "for the victim").block(Duration.ofSeconds(5));
		BayeuxTestClient intruder = BayeuxTestClient.polling(this.server, "browser-of-the-intruder")
			.useClientId(victim.clientId());
		List<Map<String, Object>> replies = intruder.send(intruder.message("/chat").put(Message.DATA, "x"));
		assertThat(replies).hasSize(1);
		assertThat(replies.get(0)).containsEntry(Message.SUCCESSFUL, false);
		assertThat(data(victim.receive())).containsExactly("for the victim");
	}

	@Test
	void whileTheRequestWaitsMessagesWakeTheHeldConnect() {
		this.server.addService("/service/slow",
				(session, message) -> Mono.delay(Duration.ofSeconds(1), this.scheduler).thenReturn("done"));
		BayeuxTestClient client = subscribed(BayeuxTestClient.polling(this.server, "browser-of-the-client-1"));
		CompletableFuture<List<Map<String, Object>>> held = client.connectAsync();
		CompletableFuture<List<Map<String, Object>>> slow = client
			.sendAsync(client.message("/service/slow").put(Message.DATA, "go"));
		this.server.publish("/chat", "meanwhile").block(Duration.ofSeconds(5));
		assertThat(held).as("not held back by the waiting request").isDone();
		assertThat(data(held.join().subList(0, 1))).containsExactly("meanwhile");
		this.scheduler.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(slow).isDone();
		assertThat(data(slow.join()).stream().filter("meanwhile"::equals)).isEmpty();
	}

	private static BayeuxTestClient subscribed(BayeuxTestClient client) {
		client.handshakeAndConnect();
		assertThat(client.subscribe("/chat")).containsEntry(Message.SUCCESSFUL, true);
		return client;
	}

}
