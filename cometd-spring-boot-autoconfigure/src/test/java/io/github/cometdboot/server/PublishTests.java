package io.github.cometdboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.CometSession;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.EncodedMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.github.cometdboot.server.BayeuxTestClient.data;
import static io.github.cometdboot.server.BayeuxTestClient.single;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for publishing on broadcast channels: the publish reply, what subscribers receive, wildcard
 * delivery, validation, ordering and encoding each message once.
 */
class PublishTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(5);

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private BayeuxServer server = BayeuxTestClient.startServer(ServerSettings.defaults(), this.scheduler);

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void publishReplyIsSuccessfulAndHasNoData() {
		BayeuxTestClient publisher = client();
		Map<String, Object> reply = single(publisher
			.send(publisher.message("/chat").put(Message.ID, "p1").put(Message.DATA, Map.of("text", "hi"))));
		assertThat(reply).containsEntry(Message.CHANNEL, "/chat")
			.containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.ID, "p1")
			.doesNotContainKey(Message.DATA)
			.doesNotContainKey(Message.ERROR);
	}

	@Test
	void subscribersReceiveChannelAndDataButNoClientId() {
		BayeuxTestClient subscriber = client();
		subscriber.subscribe("/chat");
		BayeuxTestClient publisher = client();
		publisher.send(publisher.message("/chat")
			.put(Message.DATA, Map.of("text", "hi", "n", 1))
			.put(Message.EXT, Map.of("tag", "x")));
		List<Map<String, Object>> delivered = subscriber.receive();
		assertThat(delivered).singleElement().satisfies((message) -> {
			assertThat(message).containsEntry(Message.CHANNEL, "/chat")
				.containsEntry(Message.DATA, Map.of("text", "hi", "n", 1))
				.doesNotContainKey(Message.CLIENT_ID)
				.doesNotContainKey(Message.SUCCESSFUL)
				.doesNotContainKey(Message.ERROR);
			assertThat(message.toString()).doesNotContain(publisher.clientId());
		});
	}

	@Test
	void nonSubscribersReceiveNothing() {
		BayeuxTestClient subscriber = client();
		subscriber.subscribe("/chat/a");
		BayeuxTestClient other = client();
		other.subscribe("/chat/b");
		client().publish("/chat/a", "x");
		assertThat(other.receive()).isEmpty();
		assertThat(subscriber.receive()).hasSize(1);
	}

	@Test
	void rootWildcardSubscribersReceiveOnce() {
		BayeuxTestClient one = client();
		one.subscribe("/*");
		BayeuxTestClient deep = client();
		deep.subscribe("/**");
		BayeuxTestClient both = client();
		both.subscribe(List.of("/*", "/**", "/a", "/a/**"));
		BayeuxTestClient publisher = client();

		publisher.publish("/a", "top");
		assertThat(data(one.receive())).containsExactly("top");
		assertThat(data(deep.receive())).containsExactly("top");
		assertThat(data(both.receive())).containsExactly("top");

		publisher.publish("/a/b", "nested");
		assertThat(one.receive()).isEmpty();
		assertThat(data(deep.receive())).containsExactly("nested");
		assertThat(data(both.receive())).containsExactly("nested");
	}

	@Test
	void wildcardSubscribersReceiveMatchingChannelsOnly() {
		BayeuxTestClient single = client();
		single.subscribe("/chat/*");
		BayeuxTestClient deep = client();
		deep.subscribe("/chat/**");
		BayeuxTestClient publisher = client();
		publisher.publish("/chat", "parent");
		publisher.publish("/chat/room", "child");
		publisher.publish("/chat/room/1", "grandchild");
		publisher.publish("/chatter/room", "lookalike");
		assertThat(data(single.receive())).containsExactly("child");
		assertThat(data(deep.receive())).containsExactly("child", "grandchild");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/chat/*", "/chat/**", "/*", "/**" })
	void publishingToAWildcardIsInvalid(String channel) {
		BayeuxTestClient subscriber = client();
		subscriber.subscribe(List.of("/**", channel));
		BayeuxTestClient publisher = client();
		Map<String, Object> reply = publisher.publish(channel, "x");
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "405::channel_invalid")
			.containsEntry(Message.CHANNEL, channel);
		assertThat(subscriber.receive()).isEmpty();
	}

	@Test
	void messageWithoutChannel() {
		BayeuxTestClient publisher = client();
		Map<String, Object> reply = single(publisher.send(new Message().put(Message.ID, "n1")
			.put(Message.CLIENT_ID, publisher.clientId())
			.put(Message.DATA, "x")));
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "400::channel_missing")
			.containsEntry(Message.ID, "n1");
	}

	@Test
	void channelThatIsNotAStringIsMissing() {
		BayeuxTestClient publisher = client();
		Map<String, Object> reply = single(
				publisher.send(publisher.message("/x").put(Message.CHANNEL, 42).put(Message.DATA, "x")));
		assertThat(reply).containsEntry(Message.ERROR, "400::channel_missing");
	}

	@ParameterizedTest
	@ValueSource(strings = { "chat", "/chat/", "/a b", "/a//b", "/a/*/b", "/" })
	void invalidChannel(String channel) {
		BayeuxTestClient subscriber = client();
		subscriber.subscribe("/**");
		BayeuxTestClient publisher = client();
		Map<String, Object> reply = publisher.publish(channel, "x");
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "405::channel_invalid")
			.containsEntry(Message.CHANNEL, channel);
		assertThat(subscriber.receive()).isEmpty();
	}

	@Test
	void publishingOnAnUnknownMetaChannelIsInvalid() {
		BayeuxTestClient subscriber = client();
		subscriber.subscribe("/**");
		Map<String, Object> reply = client().publish("/meta/custom", "x");
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false).containsEntry(Message.ERROR, "405::channel_invalid");
		assertThat(subscriber.receive()).isEmpty();
	}

	@Test
	void securityPolicyCanDenyAPublish() {
		this.server.stop();
		this.server = BayeuxTestClient.startServer(ServerSettings.defaults(), new SecurityPolicy() {

			@Override
			public Mono<Boolean> canPublish(CometSession session, ChannelId channel, Message message) {
				return Mono.just(!channel.name().equals("/readonly"));
			}

		}, this.scheduler);
		BayeuxTestClient subscriber = client();
		subscriber.subscribe(List.of("/readonly", "/open"));
		BayeuxTestClient publisher = client();
		assertThat(publisher.publish("/readonly", "x")).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "403:denied:publish_denied");
		assertThat(publisher.publish("/open", "y")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(data(subscriber.receive())).containsExactly("y");
	}

	@Test
	void engineFailureIsAnUnsuccessfulPublish() {
		this.server.stop();
		this.server = new BayeuxServer(ServerSettings.defaults(), new MessageCodec(), new BayeuxEngine() {

			@Override
			public void start(LocalDelivery localDelivery) {
			}

			@Override
			public Mono<Void> publish(EncodedMessage message, @Nullable String publisherId) {
				return Mono.error(new IllegalStateException("broker down"));
			}

		}, SecurityPolicy.ALLOW_ALL, this.scheduler);
		this.server.addConnectionType(BayeuxTestClient.LONG_POLLING);
		this.server.start();
		BayeuxTestClient publisher = client();
		assertThat(publisher.publish("/chat", "x")).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "500::publish_failed");
		assertThat(publisher.publish("/chat", "y")).containsEntry(Message.ERROR, "500::publish_failed");
	}

	@Test
	void onePublishersMessagesArriveInOrder() {
		BayeuxTestClient subscriber = client();
		subscriber.subscribe(List.of("/feed", "/**"));
		BayeuxTestClient publisher = client();
		List<Object> expected = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			publisher.publish("/feed", i);
			expected.add(i);
		}
		assertThat(data(subscriber.receive())).containsExactlyElementsOf(expected);
	}

	@Test
	void messagesOfOneBatchArriveInOrder() {
		BayeuxTestClient subscriber = client();
		subscriber.subscribe("/feed");
		BayeuxTestClient publisher = client();
		Message[] batch = new Message[200];
		List<Object> expected = new ArrayList<>();
		for (int i = 0; i < batch.length; i++) {
			batch[i] = publisher.message("/feed").put(Message.DATA, i);
			expected.add(i);
		}
		List<Map<String, Object>> replies = publisher.send(batch);
		assertThat(replies).hasSize(200)
			.allSatisfy((reply) -> assertThat(reply).containsEntry(Message.SUCCESSFUL, true));
		assertThat(data(subscriber.receive())).containsExactlyElementsOf(expected);
	}

	@Test
	void publisherReceivesItsOwnBroadcastByDefault() {
		BayeuxTestClient publisher = client();
		publisher.subscribe("/chat");
		publisher.publish("/chat", "echo");
		assertThat(data(publisher.receive())).containsExactly("echo");
	}

	@Test
	void publisherDoesNotReceiveItsOwnBroadcastWhenDisabled() {
		this.server.stop();
		this.server = BayeuxTestClient.startServer(ServerSettings.builder().broadcastToPublisher(false).build(),
				this.scheduler);
		BayeuxTestClient publisher = client();
		publisher.subscribe(List.of("/chat", "/**"));
		BayeuxTestClient other = client();
		other.subscribe("/chat");
		publisher.publish("/chat", "mine");
		other.publish("/chat", "theirs");
		assertThat(data(publisher.receive())).containsExactly("theirs");
		assertThat(data(other.receive())).containsExactly("mine");
	}

	@Test
	void sameBytesAreQueuedForEverySubscriber() {
		List<BayeuxTestClient> subscribers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			BayeuxTestClient subscriber = client();
			subscriber.subscribe((i == 0) ? "/chat" : (i == 1) ? "/*" : "/**");
			subscribers.add(subscriber);
		}
		client().publish("/chat", Map.of("text", "shared"));
		List<byte[]> delivered = new ArrayList<>();
		for (BayeuxTestClient subscriber : subscribers) {
			ProcessedBatch batch = subscriber
				.processAsync(subscriber.connectMessage().put(Message.ADVICE, Map.of("timeout", 0)))
				.join();
			assertThat(batch.messages()).hasSize(2);
			delivered.add(batch.messages().get(0));
		}
		assertThat(delivered.get(1)).isSameAs(delivered.get(0));
		assertThat(delivered.get(2)).isSameAs(delivered.get(0));
		assertThat(BayeuxTestClient.decode(delivered.get(0))).containsEntry(Message.DATA, Map.of("text", "shared"));
	}

	@Test
	void sameBytesArePushedToEveryTransport() {
		BayeuxTestClient polling = client();
		polling.subscribe("/chat");
		BayeuxTestClient pushing = BayeuxTestClient.pushing(this.server);
		pushing.handshake();
		pushing.subscribe("/chat");
		client().publish("/chat", "x");
		byte[] polled = polling.processAsync(polling.connectMessage()).join().messages().get(0);
		StepVerifier.create(pushing.session().outbound())
			.assertNext((batch) -> assertThat(batch).singleElement()
				.satisfies((message) -> assertThat(message.json()).isSameAs(polled)))
			.thenCancel()
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void serverPublishReachesSubscribersWithoutClientId() {
		BayeuxTestClient subscriber = client();
		subscriber.subscribe("/news/*");
		StepVerifier.create(this.server.publish("/news/today", Map.of("headline", "x")))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
		assertThat(subscriber.receive()).singleElement().satisfies((message) -> assertThat(message)
			.containsOnlyKeys(Message.CHANNEL, Message.DATA)
			.containsEntry(Message.CHANNEL, "/news/today"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/news/*", "/news/**", "/meta/connect", "/service/echo" })
	void serverCannotPublishOnWildcardMetaOrServiceChannels(String channel) {
		StepVerifier.create(this.server.publish(channel, "x"))
			.expectError(IllegalArgumentException.class)
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void serverCanDeliverToOneSession() {
		BayeuxTestClient target = client();
		BayeuxTestClient bystander = client();
		bystander.subscribe("/**");
		assertThat(this.server.deliver(target.session(), "/private/note", "for you")).isTrue();
		assertThat(target.receive()).singleElement()
			.satisfies((message) -> assertThat(message).containsEntry(Message.CHANNEL, "/private/note")
				.containsEntry(Message.DATA, "for you"));
		assertThat(bystander.receive()).isEmpty();
	}

	@Test
	void deliverToAnEndedSessionIsRefused() {
		BayeuxTestClient target = client();
		ServerSession session = target.session();
		target.disconnect();
		assertThat(this.server.deliver(session, "/private/note", "late")).isFalse();
		assertThat(session.queueSize()).isZero();
	}

	private BayeuxTestClient client() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		assertThat(client.handshake()).containsEntry(Message.SUCCESSFUL, true);
		return client;
	}

}
