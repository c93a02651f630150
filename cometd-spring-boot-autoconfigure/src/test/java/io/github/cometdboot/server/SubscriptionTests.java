package io.github.cometdboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.CometSession;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code /meta/subscribe} and {@code /meta/unsubscribe}.
 */
class SubscriptionTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final RecordingSessionListener listener = new RecordingSessionListener();

	private BayeuxServer server = BayeuxTestClient.startServer(ServerSettings.defaults(), this.scheduler);

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void subscribeToOneChannel() {
		BayeuxTestClient client = client();
		this.server.addSessionListener(this.listener);
		Map<String, Object> reply = client
			.send(client.message("/meta/subscribe").put(Message.ID, "s1").put(Message.SUBSCRIPTION, "/chat/room"))
			.get(0);
		assertThat(reply).containsEntry(Message.CHANNEL, "/meta/subscribe")
			.containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.ID, "s1")
			.containsEntry(Message.CLIENT_ID, client.clientId())
			.containsEntry(Message.SUBSCRIPTION, "/chat/room")
			.doesNotContainKey(Message.ERROR);
		assertThat(client.session().subscriptions()).containsExactly(ChannelId.of("/chat/room"));
		assertThat(this.server.channels().find("/chat/room").subscribers()).containsExactly(client.session());
		assertThat(this.listener.events()).containsExactly("subscribed " + client.clientId() + " /chat/room");
	}

	@Test
	void subscribeToAWildcard() {
		BayeuxTestClient client = client();
		assertThat(client.subscribe("/chat/*")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.subscribe("/news/**")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.session().subscriptions()).containsExactlyInAnyOrder(ChannelId.of("/chat/*"),
				ChannelId.of("/news/**"));
		assertThat(this.server.channels().find("/chat/*").subscribers()).containsExactly(client.session());
	}

	@Test
	void subscribeToAnArray() {
		BayeuxTestClient client = client();
		Map<String, Object> reply = client.subscribe(List.of("/a", "/b/*", "/c/**"));
		assertThat(reply).containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.SUBSCRIPTION, List.of("/a", "/b/*", "/c/**"));
		assertThat(client.session().subscriptions()).extracting(ChannelId::name)
			.containsExactlyInAnyOrder("/a", "/b/*", "/c/**");
		assertThat(this.server.channels().size()).isEqualTo(3);
	}

	@Test
	void subscribingTwiceIsOneSubscription() {
		BayeuxTestClient client = client();
		this.server.addSessionListener(this.listener);
		client.subscribe("/a");
		assertThat(client.subscribe("/a")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(this.server.channels().find("/a").subscribers()).hasSize(1);
		assertThat(this.listener.events()).hasSize(1);
		BayeuxTestClient publisher = client();
		publisher.publish("/a", "once");
		assertThat(BayeuxTestClient.data(client.receive())).containsExactly("once");
	}

	@Test
	void missingSubscription() {
		BayeuxTestClient client = client();
		Map<String, Object> reply = client.send(client.message("/meta/subscribe").put(Message.ID, "s2")).get(0);
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "403::subscription_missing")
			.containsEntry(Message.ID, "s2")
			.containsEntry(Message.CHANNEL, "/meta/subscribe");
		assertThat(client.subscribe(List.of())).containsEntry(Message.ERROR, "403::subscription_missing");
		assertThat(client.session().subscriptions()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "chat", "/", "", "/a//b", "/a b", "/a/*/b", "/meta/connect", "/meta/*", "/meta/**",
			"/meta/handshake" })
	void invalidSubscription(String subscription) {
		BayeuxTestClient client = client();
		Map<String, Object> reply = client.subscribe(subscription);
		assertThat(reply).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "403::subscription_invalid")
			.containsEntry(Message.SUBSCRIPTION, subscription);
		assertThat(client.session().subscriptions()).isEmpty();
		assertThat(this.server.channels().size()).isZero();
	}

	@Test
	void nonStringSubscriptionIsInvalid() {
		BayeuxTestClient client = client();
		assertThat(client.subscribe(42)).containsEntry(Message.ERROR, "403::subscription_invalid");
		assertThat(client.subscribe(Map.of("channel", "/a"))).containsEntry(Message.ERROR, "403::subscription_invalid");
		assertThat(client.subscribe(List.of("/a", 42))).containsEntry(Message.ERROR, "403::subscription_invalid");
		assertThat(client.session().subscriptions()).isEmpty();
	}

	@Test
	void oneInvalidChannelFailsTheWholeArray() {
		BayeuxTestClient client = client();
		assertThat(client.subscribe(List.of("/a", "/meta/connect", "/b"))).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "403::subscription_invalid");
		assertThat(client.session().subscriptions()).isEmpty();
		assertThat(this.server.channels().size()).isZero();
	}

	@Test
	void serviceSubscriptionSucceedsButIsNotRecorded() {
		BayeuxTestClient client = client();
		this.server.addSessionListener(this.listener);
		assertThat(client.subscribe("/service/echo")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.subscribe(List.of("/service/**", "/chat"))).containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.session().subscriptions()).containsExactly(ChannelId.of("/chat"));
		assertThat(this.server.channels().find("/service/echo")).isNull();
		assertThat(this.server.channels().find("/service/**")).isNull();
		assertThat(this.listener.events()).containsExactly("subscribed " + client.clientId() + " /chat");
		assertThat(client.unsubscribe("/service/echo")).containsEntry(Message.SUCCESSFUL, true);
	}

	@Test
	void securityPolicyCanDenyASubscription() {
		List<String> asked = new ArrayList<>();
		this.server.stop();
		this.server = BayeuxTestClient.startServer(ServerSettings.defaults(), new SecurityPolicy() {

			@Override
			public Mono<Boolean> canSubscribe(CometSession session, ChannelId channel, Message message) {
				asked.add(channel.name());
				return Mono.just(!channel.name().startsWith("/secret"));
			}

		}, this.scheduler);
		BayeuxTestClient client = client();
		this.server.addSessionListener(this.listener);
		Map<String, Object> denied = client.subscribe("/secret/plans");
		assertThat(denied).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "403:denied:subscribe_denied")
			.containsEntry(Message.SUBSCRIPTION, "/secret/plans");
		assertThat(client.subscribe(List.of("/public", "/secret/*"))).containsEntry(Message.ERROR,
				"403:denied:subscribe_denied");
		assertThat(client.session().subscriptions()).isEmpty();
		assertThat(this.server.channels().size()).isZero();
		assertThat(this.listener.events()).isEmpty();
		assertThat(asked).contains("/secret/plans", "/public", "/secret/*");
		assertThat(client.subscribe("/public")).containsEntry(Message.SUCCESSFUL, true);
	}

	@Test
	void emptyPolicyAnswerDeniesTheSubscription() {
		this.server.stop();
		this.server = BayeuxTestClient.startServer(ServerSettings.defaults(), new SecurityPolicy() {

			@Override
			public Mono<Boolean> canSubscribe(CometSession session, ChannelId channel, Message message) {
				return Mono.empty();
			}

		}, this.scheduler);
		assertThat(client().subscribe("/a")).containsEntry(Message.ERROR, "403:denied:subscribe_denied");
	}

	@Test
	void unsubscribe() {
		this.server.addSessionListener(this.listener);
		BayeuxTestClient client = client();
		client.subscribe(List.of("/a", "/b/*"));
		Map<String, Object> reply = client.unsubscribe("/a");
		assertThat(reply).containsEntry(Message.CHANNEL, "/meta/unsubscribe")
			.containsEntry(Message.SUCCESSFUL, true)
			.containsEntry(Message.SUBSCRIPTION, "/a")
			.containsEntry(Message.CLIENT_ID, client.clientId());
		assertThat(client.session().subscriptions()).containsExactly(ChannelId.of("/b/*"));
		assertThat(this.server.channels().find("/a").subscribers()).isEmpty();
		assertThat(this.listener.events()).endsWith("unsubscribed " + client.clientId() + " /a");

		client.receive();
		client().publish("/a", "not for you");
		client().publish("/b/c", "for you");
		assertThat(BayeuxTestClient.data(client.receive())).containsExactly("for you");
	}

	@Test
	void unsubscribeFromAnArrayAndFromWildcards() {
		BayeuxTestClient client = client();
		client.subscribe(List.of("/a", "/b/*", "/c/**"));
		assertThat(client.unsubscribe(List.of("/b/*", "/c/**"))).containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.session().subscriptions()).containsExactly(ChannelId.of("/a"));
	}

	@Test
	void unsubscribeFromAChannelNotSubscribed() {
		BayeuxTestClient client = client();
		this.server.addSessionListener(this.listener);
		assertThat(client.unsubscribe("/never")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(this.listener.events()).isEmpty();
	}

	@Test
	void unsubscribeNeedsAValidSubscription() {
		BayeuxTestClient client = client();
		client.subscribe("/a");
		Map<String, Object> missing = client.send(client.message("/meta/unsubscribe")).get(0);
		assertThat(missing).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "403::subscription_missing");
		assertThat(client.unsubscribe("/meta/connect")).containsEntry(Message.ERROR, "403::subscription_invalid");
		assertThat(client.unsubscribe(List.of("/a", "bad"))).containsEntry(Message.ERROR, "403::subscription_invalid");
		assertThat(client.session().subscriptions()).containsExactly(ChannelId.of("/a"));
	}

	@Test
	void otherSubscribersOfTheChannelAreKept() {
		BayeuxTestClient first = client();
		BayeuxTestClient second = client();
		first.subscribe("/a");
		second.subscribe("/a");
		first.unsubscribe("/a");
		assertThat(this.server.channels().find("/a").subscribers()).containsExactly(second.session());
	}

	@Test
	void subscriptionsGoAwayWithTheSession() {
		BayeuxTestClient client = client();
		client.subscribe(List.of("/a", "/b/**"));
		ServerSession session = client.session();
		client.disconnect();
		assertThat(this.server.channels().find("/a").subscribers()).isEmpty();
		assertThat(this.server.channels().find("/b/**").subscribers()).isEmpty();
		assertThat(session.subscriptions()).isEmpty();
	}

	@Test
	void subscribeAfterTheSessionEndedIsRejected() {
		BayeuxTestClient client = client();
		client.disconnect();
		assertThat(client.subscribe("/a")).containsEntry(Message.ERROR, "402::session_unknown");
		assertThat(this.server.channels().size()).isZero();
	}

	@Test
	void unusedChannelOutlivesItsLastSubscriberUntilIdle() {
		BayeuxTestClient client = client();
		client.subscribe("/a");
		client.unsubscribe("/a");
		assertThat(this.server.channels().find("/a")).isNotNull();
		assertThat(this.server.channels().find("/a").lastActivity()).isEqualTo(this.server.now());
		this.scheduler.advanceTimeBy(Duration.ofSeconds(31));
		assertThat(this.server.channels().find("/a")).isNull();
	}

	private BayeuxTestClient client() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server);
		assertThat(client.handshake()).containsEntry(Message.SUCCESSFUL, true);
		return client;
	}

}
