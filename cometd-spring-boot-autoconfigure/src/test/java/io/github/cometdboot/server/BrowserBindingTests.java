package io.github.cometdboot.server;

import java.util.List;
import java.util.Map;

import io.github.cometdboot.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.github.cometdboot.server.BayeuxTestClient.advice;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the binding of a session to the browser that created it: a {@code clientId} sent with
 * another browser's cookie is unknown, so a stolen {@code clientId} alone is worthless.
 */
class BrowserBindingTests {

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final BayeuxServer server = BayeuxTestClient.startServer(ServerSettings.defaults(), this.scheduler);

	@AfterEach
	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	@Test
	void clientIdFromAnotherBrowserIsUnknown() {
		BayeuxTestClient owner = BayeuxTestClient.polling(this.server, "owner-browser").handshakeAndConnect();
		BayeuxTestClient thief = BayeuxTestClient.polling(this.server, "thief-browser").useClientId(owner.clientId());
		List<Map<String, Object>> replies = thief.send(thief.connectMessage(),
				thief.message("/meta/subscribe").put(Message.SUBSCRIPTION, "/private"),
				thief.message("/chat").put(Message.DATA, "forged"), thief.message("/meta/disconnect"));
		assertThat(replies).hasSize(4).allSatisfy((reply) -> {
			assertThat(reply).containsEntry(Message.SUCCESSFUL, false)
				.containsEntry(Message.ERROR, "402::session_unknown");
			assertThat(advice(reply)).containsEntry("reconnect", "handshake");
		});
		assertThat(owner.session().isEnded()).isFalse();
		assertThat(owner.session().subscriptions()).isEmpty();
		assertThat(owner.receive()).isEmpty();
	}

	@Test
	void requestWithoutABrowserIdIsTrustedWithTheClientIdAsCometDsWebSocketIs() {
		// Only a websocket whose upgrade carried no cookie has no browser id: HTTP transports give every
		// request without the cookie a new one, which the tests of the transports show refused.
		BayeuxTestClient owner = BayeuxTestClient.polling(this.server, "owner-browser").handshakeAndConnect();
		BayeuxTestClient cookieLess = BayeuxTestClient.pushing(this.server).useClientId(owner.clientId());
		assertThat(cookieLess.subscribe("/chat")).containsEntry(Message.SUCCESSFUL, true);
	}

	@Test
	void trustClientSessionAcceptsAnotherBrowser() {
		VirtualTimeScheduler otherScheduler = VirtualTimeScheduler.create();
		BayeuxServer trusting = BayeuxTestClient.startServer(ServerSettings.builder().trustClientSession(true).build(),
				otherScheduler);
		try {
			BayeuxTestClient owner = BayeuxTestClient.polling(trusting, "owner-browser").handshakeAndConnect();
			BayeuxTestClient other = BayeuxTestClient.polling(trusting, "other-browser").useClientId(owner.clientId());
			assertThat(other.subscribe("/chat")).containsEntry(Message.SUCCESSFUL, true);
		}
		finally {
			trusting.stop();
			otherScheduler.dispose();
		}
	}

	@Test
	void theOwnerMaySwitchTransport() {
		BayeuxTestClient owner = BayeuxTestClient.polling(this.server, "owner-browser").handshakeAndConnect();
		BayeuxTestClient sameBrowser = new BayeuxTestClient(this.server,
				TransportContext.pushing(BayeuxTestClient.WEBSOCKET, "owner-browser"))
			.useClientId(owner.clientId());
		assertThat(sameBrowser.subscribe("/chat")).containsEntry(Message.SUCCESSFUL, true);
		assertThat(owner.session().transport()).isEqualTo(BayeuxTestClient.WEBSOCKET);
	}

	@Test
	void sessionCreatedWithoutCookieIsNotBound() {
		BayeuxTestClient client = BayeuxTestClient.pushing(this.server).handshakeAndConnect();
		BayeuxTestClient later = BayeuxTestClient.polling(this.server, "some-browser").useClientId(client.clientId());
		assertThat(later.subscribe("/chat")).containsEntry(Message.SUCCESSFUL, true);
	}

}
