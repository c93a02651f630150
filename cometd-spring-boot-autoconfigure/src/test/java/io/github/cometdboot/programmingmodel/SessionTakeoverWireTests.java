package io.github.cometdboot.programmingmodel;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.server.BayeuxServer;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code clientId} learnt elsewhere is worthless on a websocket opened without the browser cookie:
 * such a connection is a browser of its own, so it neither receives the victim's messages, nor
 * publishes or disconnects as the victim. The cookie the upgrade response gives it keeps its own
 * session across a reconnect.
 */
@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SessionTakeoverWireTests {

	@LocalServerPort
	private int port;

	@Autowired
	private BayeuxServer server;

	private JavaClientFactory clients;

	@BeforeEach
	void setUp() {
		this.clients = new JavaClientFactory(this.port);
	}

	@AfterEach
	void closeClients() throws Exception {
		this.clients.close();
	}

	@Test
	void cookieLessWebSocketCannotActForAnotherBrowsersSession() throws Exception {
		BayeuxClient victim = this.clients.connected(null);
		BlockingQueue<Message> received = subscribe(victim, "/private/victim");
		String clientId = victim.getId();
		try (RawWebSocket thief = RawWebSocket.open(this.port, "/cometd")) {
			assertThat(thief.statusLine()).contains(" 101 ");
			assertRefused(thief, """
					[{"channel":"/meta/subscribe","clientId":"%s","subscription":"/private/victim"}]""", clientId);
			assertRefused(thief, """
					[{"channel":"/meta/connect","clientId":"%s","connectionType":"websocket"}]""", clientId);
			assertRefused(thief, """
					[{"channel":"/private/victim","clientId":"%s","data":"forged"}]""", clientId);
			assertRefused(thief, """
					[{"channel":"/meta/disconnect","clientId":"%s"}]""", clientId);
			for (int i = 0; i < 20; i++) {
				this.server.publish("/private/victim", Map.of("n", i)).block();
			}
			for (int i = 0; i < 20; i++) {
				Message message = received.poll(JavaClientFactory.WAIT_SECONDS, TimeUnit.SECONDS);
				assertThat(message).as("message %d reaches the victim", i).isNotNull();
				assertThat(((Number) message.getDataAsMap().get("n")).intValue()).isEqualTo(i);
			}
		}
		assertThat(received).as("nothing forged").isEmpty();
		assertThat(victim.isConnected()).isTrue();
	}

	@Test
	void webSocketKeepsItsSessionAcrossAReconnectWithTheCookieItWasGiven() throws Exception {
		String clientId;
		String cookie;
		try (RawWebSocket first = RawWebSocket.open(this.port, "/cometd")) {
			cookie = first.header("Set-Cookie");
			assertThat(cookie).as("the upgrade response names the new browser").startsWith("BAYEUX_BROWSER=");
			first.send("""
					[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["websocket"]}]""");
			clientId = (String) first.receiveOne().get("clientId");
		}
		String browser = cookie.substring(0, cookie.indexOf(';'));
		try (RawWebSocket again = RawWebSocket.open(this.port, "/cometd", "Cookie: " + browser)) {
			assertThat(again.header("Set-Cookie")).as("the browser is known").isNull();
			again.send("""
					[{"channel":"/meta/subscribe","clientId":"%s","subscription":"/mine"}]""".formatted(clientId));
			assertThat(again.receiveOne()).containsEntry("successful", true);
		}
		try (RawWebSocket stranger = RawWebSocket.open(this.port, "/cometd")) {
			assertRefused(stranger, """
					[{"channel":"/meta/subscribe","clientId":"%s","subscription":"/mine"}]""", clientId);
		}
	}

	private static void assertRefused(RawWebSocket socket, String request, String clientId) throws IOException {
		socket.send(request.formatted(clientId));
		assertThat(socket.receiveOne()).containsEntry("successful", false).containsEntry("error", "402::session_unknown");
	}


}
