package io.github.cometdboot.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.cometdboot.Message;
import io.github.cometdboot.ServiceHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.github.cometdboot.server.BayeuxTestClient.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@code /service/**} channels: messages go to the registered {@link ServiceHandler} and its
 * answers to the sender alone.
 */
class ServiceTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final BayeuxServer server = BayeuxTestClient.startServer(ServerSettings.defaults(), this.scheduler);

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void handlerAnswerGoesToTheSenderOnly() {
		List<String> callers = new CopyOnWriteArrayList<>();
		this.server.addService("/service/echo", (session, message) -> {
			callers.add(session.id());
			return Mono.just(Map.of("echo", message.data()));
		});
		BayeuxTestClient sender = client();
		BayeuxTestClient eavesdropper = client();
		eavesdropper.subscribe(List.of("/**", "/service/echo", "/service/**"));
		List<Map<String, Object>> replies = sender
			.send(sender.message("/service/echo").put(Message.ID, "e1").put(Message.DATA, "hi"));
		Map<String, Object> reply = replies.get(replies.size() - 1);
		assertThat(reply).containsEntry(Message.CHANNEL, "/service/echo")
			.containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.ID, "e1")
			.doesNotContainKey(Message.DATA);
		assertThat(callers).containsExactly(sender.clientId());
		// The answer comes with the reply, before it, as CometD sends it.
		assertThat(replies.subList(0, replies.size() - 1)).singleElement().satisfies((answer) -> assertThat(answer)
			.containsEntry(Message.CHANNEL, "/service/echo")
			.containsEntry(Message.DATA, Map.of("echo", "hi"))
			.doesNotContainKey(Message.CLIENT_ID));
		assertThat(eavesdropper.receive()).isEmpty();
	}

	@Test
	void serviceMessagesAreNeverBroadcast() {
		this.server.addService("/service/quiet", (session, message) -> Mono.empty());
		BayeuxTestClient sender = client();
		sender.subscribe("/**");
		BayeuxTestClient other = client();
		other.subscribe("/**");
		assertThat(sender.publish("/service/quiet", "x")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(sender.publish("/service/nobody/listens", "x")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(sender.receive()).isEmpty();
		assertThat(other.receive()).isEmpty();
	}

	@Test
	void handlerSeesTheMessageAsSent() {
		List<Message> seen = new CopyOnWriteArrayList<>();
		this.server.addService("/service/inspect", (session, message) -> {
			seen.add(message);
			return Mono.empty();
		});
		BayeuxTestClient sender = client();
		sender.send(sender.message("/service/inspect")
			.put(Message.DATA, Map.of("a", 1))
			.put(Message.EXT, Map.of("e", true)));
		assertThat(seen).singleElement().satisfies((message) -> {
			assertThat(message.data()).isEqualTo(Map.of("a", 1));
			assertThat(message.ext()).containsEntry("e", true);
			assertThat(message.clientId()).isEqualTo(sender.clientId());
		});
	}

	@Test
	void wildcardServicesMatch() {
		this.server.addService("/service/rpc/*", (session, message) -> Mono.just("one"));
		this.server.addService("/service/**", (session, message) -> Mono.just("deep"));
		BayeuxTestClient sender = client();
		sender.publish("/service/rpc/call", "x");
		assertThat(data(sender.receive())).containsExactlyInAnyOrder("one", "deep");
		sender.publish("/service/other", "x");
		assertThat(data(sender.receive())).containsExactly("deep");
	}

	@Test
	void failingHandlerIsAnUnsuccessfulReplyAndTheServerKeepsWorking() {
		this.server.addService("/service/broken", (session, message) -> Mono.error(new IllegalStateException("boom")));
		this.server.addService("/service/throws", (session, message) -> {
			throw new IllegalStateException("boom");
		});
		this.server.addService("/service/echo", (session, message) -> Mono.justOrEmpty(message.data()));
		BayeuxTestClient sender = client();
		sender.subscribe("/chat");
		assertThat(sender.publish("/service/broken", "x")).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "500::service_failed");
		assertThat(sender.publish("/service/throws", "x")).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "500::service_failed");
		assertThat(sender.publish("/service/echo", "still here")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(sender.publish("/chat", "and here")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(data(sender.receive())).containsExactly("still here", "and here");
	}

	@Test
	void failingHandlerDoesNotStopTheRestOfTheBatch() {
		this.server.addService("/service/broken", (session, message) -> Mono.error(new IllegalStateException("boom")));
		BayeuxTestClient sender = client();
		List<Map<String, Object>> replies = sender.send(sender.message("/service/broken").put(Message.DATA, 1),
				sender.message("/meta/subscribe").put(Message.SUBSCRIPTION, "/after"));
		assertThat(replies).extracting((reply) -> reply.get(Message.SUCCESSFUL)).containsExactly(false, true);
	}

	@Test
	void serviceAnswerComesWithTheReplyAndAHeldConnectStaysHeld() {
		this.server.addService("/service/echo", (session, message) -> Mono.justOrEmpty(message.data()));
		BayeuxTestClient sender = BayeuxTestClient.polling(this.server).handshakeAndConnect();
		CompletableFuture<List<Map<String, Object>>> held = sender.connectAsync();
		assertThat(held).isNotDone();
		List<Map<String, Object>> replies = sender.send(sender.message("/service/echo").put(Message.DATA, "pong"));
		assertThat(data(replies)).containsExactly("pong", null);
		assertThat(held).isNotDone();
	}

	@Test
	void serviceAnswerOfAPushingClientIsLeftForItsPushStream() {
		this.server.addService("/service/echo", (session, message) -> Mono.justOrEmpty(message.data()));
		BayeuxTestClient sender = BayeuxTestClient.pushing(this.server).handshakeAndConnect();
		assertThat(sender.send(sender.message("/service/echo").put(Message.DATA, "pong"))).hasSize(1);
		assertThat(sender.session().queueSize()).as("left for the push stream").isEqualTo(1);
	}

	@Test
	void onlyServiceChannelsTakeHandlers() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.server.addService("/chat", (session, message) -> Mono.empty()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.server.addService("/meta/connect", (session, message) -> Mono.empty()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.server.addService("not a channel", (session, message) -> Mono.empty()));
	}

	private BayeuxTestClient client() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		assertThat(client.handshake()).containsEntry(Message.SUCCESSFUL, true);
		return client;
	}

}
