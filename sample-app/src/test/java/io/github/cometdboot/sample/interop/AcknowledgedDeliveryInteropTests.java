package io.github.cometdboot.sample.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.sample.interop.JavaClients.Kind;
import io.github.cometdboot.server.BayeuxServer;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.ext.AckExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official CometD Java client with its {@code AckExtension}, through a proxy that loses the answer
 * carrying the first messages (an HTTP response over long-polling, a frame over websocket, each time
 * closing the connection): the client reconnects and receives every message once, in order. Without the
 * extension the same loss loses messages, which shows that the proxy does lose them. Over websocket the
 * session carries over to the new socket only with {@code cometd.websocket.require-browser-cookie=false}:
 * the proxy, like a client that keeps no cookies, sends none with the new socket's upgrade.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// The proxy passes no cookies on a websocket upgrade, so the socket that replaces a cut one is a new
		// browser unless the server trusts cookie-less websockets with the clientId they name.
		properties = { "cometd.max-interval=20s", "cometd.websocket.require-browser-cookie=false" })
@ActiveProfiles("interop")
class AcknowledgedDeliveryInteropTests {

	private static final long WAIT = 15;

	private static final int COUNT = 20;

	private static final String END = "end";

	@LocalServerPort
	private int port;

	@Autowired
	private BayeuxServer server;

	private DroppingProxy proxy;

	private JavaClients clients;

	@BeforeEach
	void start() {
		this.proxy = new DroppingProxy(this.port);
		this.clients = new JavaClients(this.proxy.url());
	}

	@AfterEach
	void stop() throws Exception {
		this.clients.close();
		this.proxy.close();
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void messagesOfALostAnswerAreDeliveredAgainOnceInOrder(Kind kind) throws Exception {
		List<Object> received = publishThroughALoss(kind, true);
		List<Object> expected = new ArrayList<>();
		for (int i = 0; i < COUNT; i++) {
			expected.add(i);
		}
		expected.add(END);
		assertThat(received).isEqualTo(expected);
		assertThat(this.proxy.dropped()).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void withoutTheExtensionTheLostAnswerIsLost(Kind kind) throws Exception {
		List<Object> received = publishThroughALoss(kind, false);
		assertThat(this.proxy.dropped()).isEqualTo(1);
		assertThat(received).endsWith(END).hasSizeLessThan(COUNT + 1).doesNotHaveDuplicates();
	}

	/**
	 * Subscribe a client, arm the proxy to lose the first answer that carries a message of the channel,
	 * publish {@code 0..COUNT-1} and then {@code END} from the server, and collect what the client
	 * receives up to {@code END}.
	 */
	private List<Object> publishThroughALoss(Kind kind, boolean acknowledging) throws Exception {
		BayeuxClient client = this.clients.create(kind);
		if (acknowledging) {
			client.addExtension(new AckExtension());
		}
		client.handshake();
		assertThat(client.waitFor(WAIT * 1000, BayeuxClient.State.CONNECTED)).as("connected").isTrue();
		String channel = "/acked/" + UUID.randomUUID().toString().replace("-", "");
		BlockingQueue<Object> received = subscribe(client, channel);
		this.proxy.dropNext((answer) -> answer.contains("\"channel\":\"" + channel + "\""));
		for (int i = 0; i < COUNT; i++) {
			this.server.publish(channel, i).block();
		}
		// The loss has happened before the last message is published.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
		while (this.proxy.dropped() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		this.server.publish(channel, END).block();
		List<Object> all = new ArrayList<>();
		deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
		while (System.nanoTime() < deadline) {
			Object data = received.poll(200, TimeUnit.MILLISECONDS);
			if (data != null) {
				all.add(data);
				if (END.equals(data)) {
					return all;
				}
			}
			else if (!acknowledging) {
				// Without acks the last message too may go to the connection that broke, before the
				// client is back: publish it again until one arrives.
				this.server.publish(channel, END).block();
			}
		}
		throw new AssertionError("No " + END + " after " + all + "; client connected: " + client.isConnected());
	}

	private static BlockingQueue<Object> subscribe(BayeuxClient client, String channel) throws Exception {
		BlockingQueue<Object> received = new LinkedBlockingQueue<>();
		CompletableFuture<Message> reply = new CompletableFuture<>();
		client.getChannel(channel)
			.subscribe((c, message) -> received.add((message.getData() instanceof Number number) ? number.intValue()
					: message.getData()), reply::complete);
		assertThat(reply.get(WAIT, TimeUnit.SECONDS).isSuccessful()).as("subscribed to " + channel).isTrue();
		return received;
	}

}
