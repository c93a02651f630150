package io.github.cometdboot.server;

import java.time.Duration;
import java.util.List;

import io.github.cometdboot.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the per-session limits: publish rate and number of subscriptions, each refused with its
 * Bayeux error and counted, without harm to the session or to others.
 */
class SessionLimitsTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final BayeuxServer server = BayeuxTestClient.startServer(ServerSettings.builder()
		.limits(new SessionLimits(3, 2, 4, 0))
		.build(), this.scheduler);

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void publishesBeyondTheBurstAreRefusedUntilTheRateRefillsThem() {
		BayeuxTestClient publisher = BayeuxTestClient.polling(this.server, "publisher-browser").handshakeAndConnect();
		BayeuxTestClient subscriber = BayeuxTestClient.polling(this.server, "subscriber-browser").handshakeAndConnect();
		subscriber.subscribe("/chat");
		for (int i = 0; i < 4; i++) {
			assertThat(publisher.publish("/chat", i)).containsEntry(Message.SUCCESSFUL, true);
		}
		assertThat(publisher.publish("/chat", "too fast")).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "429::publish_rate_exceeded");
		assertThat(this.server.statistics().droppedCount(ServerObserver.DropReason.RATE_LIMITED)).isOne();
		// Two publishes a second: half a second later there is one token again.
		this.scheduler.advanceTimeBy(Duration.ofMillis(500));
		assertThat(publisher.publish("/chat", "later")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(publisher.publish("/chat", "too fast again")).containsEntry(Message.ERROR,
				"429::publish_rate_exceeded");
		assertThat(BayeuxTestClient.data(subscriber.receive())).containsExactly(0, 1, 2, 3, "later");
		assertThat(publisher.session().isEnded()).isFalse();
	}

	@Test
	void eachSessionHasItsOwnAllowance() {
		BayeuxTestClient first = BayeuxTestClient.polling(this.server, "first-browser").handshakeAndConnect();
		BayeuxTestClient second = BayeuxTestClient.polling(this.server, "second-browser").handshakeAndConnect();
		for (int i = 0; i < 4; i++) {
			first.publish("/chat", i);
		}
		assertThat(first.publish("/chat", "refused")).containsEntry(Message.SUCCESSFUL, false);
		assertThat(second.publish("/chat", "allowed")).containsEntry(Message.SUCCESSFUL, true);
	}

	@Test
	void metaMessagesAreNotRateLimited() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server, "browser").handshakeAndConnect();
		for (int i = 0; i < 4; i++) {
			client.publish("/chat", i);
		}
		assertThat(client.subscribe("/chat")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.unsubscribe("/chat")).containsEntry(Message.SUCCESSFUL, true);
	}

	@Test
	void subscriptionsBeyondTheLimitAreRefusedAndServicesDoNotCount() {
		BayeuxTestClient client = BayeuxTestClient.polling(this.server, "browser").handshakeAndConnect();
		assertThat(client.subscribe(List.of("/a", "/b"))).containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.subscribe("/service/echo")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.subscribe(List.of("/c", "/d"))).containsEntry(Message.SUCCESSFUL, false)
			.containsEntry(Message.ERROR, "403::subscription_limit");
		assertThat(client.subscribe("/a")).as("already subscribed").containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.subscribe("/c")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(client.subscribe("/d")).containsEntry(Message.ERROR, "403::subscription_limit");
		assertThat(client.session().subscriptions()).hasSize(3);
		assertThat(this.server.statistics().refusedCount(ServerObserver.RefusalReason.SUBSCRIPTION_LIMIT)).isEqualTo(2);
		client.unsubscribe("/a");
		assertThat(client.subscribe("/d")).containsEntry(Message.SUCCESSFUL, true);
	}

}
