package io.github.cometdboot.sample.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.cometdboot.sample.interop.JavaClients.Kind;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.CometSession;
import io.github.cometdboot.SessionListener;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official CometD Java client (long-polling and websocket) against the sample app, unchanged.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("interop")
class CometdJavaClientInteropTests {

	private static final long WAIT = 10;

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private BayeuxServer server;

	private JavaClients clients;

	@BeforeEach
	void createClients() {
		this.clients = new JavaClients("http://127.0.0.1:" + this.port + "/cometd");
	}

	@AfterEach
	void closeClients() throws Exception {
		this.clients.close();
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void handshakeAndConnect(Kind kind) throws Exception {
		BayeuxClient client = connected(kind);
		assertThat(client.getId()).hasSizeGreaterThanOrEqualTo(22);
		assertThat(this.server.sessions().find(client.getId())).isNotNull();
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void publishReachesAnotherClientWithUnicodeAndNestedJsonIntact(Kind kind) throws Exception {
		String channel = uniqueChannel();
		BayeuxClient subscriber = connected(kind);
		BlockingQueue<Message> received = subscribe(subscriber, channel);
		BayeuxClient publisher = connected(kind);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("text", "héllo wörld ✓ 日本語 🎉");
		data.put("nested", Map.of("list", List.of(1, 2.5, true, Map.of("deep", "x")), "none", "null"));
		data.put("nothing", null);
		assertThat(publish(publisher, channel, data).isSuccessful()).isTrue();
		Message message = received.poll(WAIT, TimeUnit.SECONDS);
		assertThat(message).isNotNull();
		assertThat(dataOf(message)).isEqualTo(normalized(data));
		assertThat(message.getClientId()).as("no clientId in broadcasts").isNull();
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void wildcardsMatchOneOrManySegments(Kind kind) throws Exception {
		String base = uniqueChannel();
		BayeuxClient subscriber = connected(kind);
		BlockingQueue<Message> oneLevel = subscribe(subscriber, base + "/*");
		BlockingQueue<Message> anyLevel = subscribe(subscriber, base + "/**");
		BayeuxClient publisher = connected(kind);
		publish(publisher, base + "/a/b", "deep");
		publish(publisher, base + "/a", "shallow");
		assertThat(oneLevel.poll(WAIT, TimeUnit.SECONDS).getData()).isEqualTo("shallow");
		assertThat(anyLevel.poll(WAIT, TimeUnit.SECONDS).getData()).isEqualTo("deep");
		assertThat(anyLevel.poll(WAIT, TimeUnit.SECONDS).getData()).isEqualTo("shallow");
		assertThat(oneLevel).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void unsubscribedClientReceivesNoMore(Kind kind) throws Exception {
		String channel = uniqueChannel();
		String marker = uniqueChannel();
		BayeuxClient subscriber = connected(kind);
		BlockingQueue<Message> received = new LinkedBlockingQueue<>();
		org.cometd.bayeux.client.ClientSessionChannel.MessageListener listener = (c, m) -> received.add(m);
		CompletableFuture<Message> subscribed = new CompletableFuture<>();
		subscriber.getChannel(channel).subscribe(listener, subscribed::complete);
		assertThat(subscribed.get(WAIT, TimeUnit.SECONDS).isSuccessful()).isTrue();
		BlockingQueue<Message> markers = subscribe(subscriber, marker);
		CompletableFuture<Message> unsubscribed = new CompletableFuture<>();
		subscriber.getChannel(channel).unsubscribe(listener, unsubscribed::complete);
		assertThat(unsubscribed.get(WAIT, TimeUnit.SECONDS).isSuccessful()).isTrue();
		BayeuxClient publisher = connected(kind);
		publish(publisher, channel, "after unsubscribe");
		publish(publisher, marker, "marker");
		assertThat(markers.poll(WAIT, TimeUnit.SECONDS).getData()).isEqualTo("marker");
		assertThat(received).isEmpty();
		assertThat(this.server.channels().find(channel).subscribers()).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void echoServiceAnswersTheSenderAlone(Kind kind) throws Exception {
		BayeuxClient sender = connected(kind);
		BlockingQueue<Message> echoes = listen(sender, "/service/echo");
		BayeuxClient other = connected(kind);
		BlockingQueue<Message> othersEchoes = subscribe(other, "/service/echo");
		BlockingQueue<Message> otherMarker = subscribe(other, uniqueChannel());
		Map<String, Object> data = Map.of("text", "ping ✓", "n", 42);
		assertThat(publish(sender, "/service/echo", data).isSuccessful()).isTrue();
		Message echo = echoes.poll(WAIT, TimeUnit.SECONDS);
		assertThat(echo).isNotNull();
		assertThat(dataOf(echo)).isEqualTo(normalized(data));
		// The other client's own echo arrives, and never the sender's.
		publish(other, "/service/echo", "mine");
		assertThat(othersEchoes.poll(WAIT, TimeUnit.SECONDS).getData()).isEqualTo("mine");
		assertThat(othersEchoes).isEmpty();
		assertThat(otherMarker).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void burstOfThousandMessagesArrivesCompleteAndInOrder(Kind kind) throws Exception {
		String channel = uniqueChannel();
		BayeuxClient subscriber = connected(kind);
		BlockingQueue<Message> received = subscribe(subscriber, channel);
		BayeuxClient publisher = connected(kind);
		// Over HTTP the client sends each request on whichever pooled connection is free, so a publisher
		// that needs order sends its burst in batches (one request each); a websocket keeps order itself.
		List<CompletableFuture<Message>> replies = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			CompletableFuture<Message> reply = new CompletableFuture<>();
			replies.add(reply);
		}
		if (kind == Kind.WEBSOCKET) {
			for (int i = 0; i < 1000; i++) {
				publisher.getChannel(channel).publish(i, replies.get(i)::complete);
			}
		}
		else {
			for (int start = 0; start < 1000; start += 100) {
				int first = start;
				publisher.batch(() -> {
					for (int i = first; i < first + 100; i++) {
						publisher.getChannel(channel).publish(i, replies.get(i)::complete);
					}
				});
				replies.get(first + 99).get(WAIT, TimeUnit.SECONDS);
			}
		}
		for (int i = 0; i < 1000; i++) {
			Message message = received.poll(WAIT, TimeUnit.SECONDS);
			assertThat(message).as("message %d", i).isNotNull();
			assertThat(((Number) message.getData()).intValue()).isEqualTo(i);
		}
		for (CompletableFuture<Message> reply : replies) {
			assertThat(reply.get(WAIT, TimeUnit.SECONDS).isSuccessful()).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void disconnectEndsTheSession(Kind kind) throws Exception {
		BayeuxClient client = connected(kind);
		String id = client.getId();
		assertThat(client.disconnect(WAIT * 1000)).isTrue();
		assertThat(this.server.sessions().find(id)).isNull();
	}

	@Test
	void clientHandshakesAgainAfterTheServerPrunedItsSession() throws Exception {
		AtomicBoolean silent = new AtomicBoolean();
		BayeuxClient client = this.clients.create(Kind.LONG_POLLING,
				(request) -> (request.getPath().endsWith("/connect") && silent.getAndSet(false)) ? 3000 : 0);
		BlockingQueue<String> handshakes = new LinkedBlockingQueue<>();
		client.getChannel(Channel.META_HANDSHAKE).addListener((org.cometd.bayeux.client.ClientSessionChannel.MessageListener) (c,
				m) -> {
			if (m.isSuccessful()) {
				handshakes.add(m.getClientId());
			}
		});
		client.handshake();
		assertThat(client.waitFor(WAIT * 1000, BayeuxClient.State.CONNECTED)).isTrue();
		String first = handshakes.poll(WAIT, TimeUnit.SECONDS);
		CompletableFuture<CometSession> pruned = new CompletableFuture<>();
		this.server.addSessionListener(new SessionListener() {
			@Override
			public void sessionRemoved(CometSession session, DisconnectReason reason) {
				if (session.id().equals(first) && reason == DisconnectReason.PRUNED) {
					pruned.complete(session);
				}
			}
		});

		silent.set(true);
		assertThat(pruned.get(WAIT, TimeUnit.SECONDS).id()).isEqualTo(first);
		String second = handshakes.poll(WAIT, TimeUnit.SECONDS);
		assertThat(second).isNotNull().isNotEqualTo(first);
		assertThat(client.waitFor(WAIT * 1000, BayeuxClient.State.CONNECTED)).isTrue();

		String channel = uniqueChannel();
		BlockingQueue<Message> received = subscribe(client, channel);
		publish(connected(Kind.LONG_POLLING), channel, "after re-handshake");
		assertThat(received.poll(WAIT, TimeUnit.SECONDS).getData()).isEqualTo("after re-handshake");
	}

	private BayeuxClient connected(Kind kind) throws Exception {
		BayeuxClient client = this.clients.create(kind);
		client.handshake();
		assertThat(client.waitFor(WAIT * 1000, BayeuxClient.State.CONNECTED)).as("connected").isTrue();
		return client;
	}

	private static BlockingQueue<Message> subscribe(BayeuxClient client, String channel) throws Exception {
		BlockingQueue<Message> received = new LinkedBlockingQueue<>();
		CompletableFuture<Message> reply = new CompletableFuture<>();
		client.getChannel(channel).subscribe((c, message) -> received.add(message), reply::complete);
		assertThat(reply.get(WAIT, TimeUnit.SECONDS).isSuccessful()).as("subscribed to " + channel).isTrue();
		return received;
	}

	private static BlockingQueue<Message> listen(BayeuxClient client, String channel) {
		BlockingQueue<Message> received = new LinkedBlockingQueue<>();
		client.getChannel(channel).addListener((org.cometd.bayeux.client.ClientSessionChannel.MessageListener) (c,
				message) -> {
			if (message.getData() != null) {
				received.add(message);
			}
		});
		return received;
	}

	private static Message publish(BayeuxClient client, String channel, Object data) throws Exception {
		CompletableFuture<Message> reply = new CompletableFuture<>();
		client.getChannel(channel).publish(data, reply::complete);
		return reply.get(WAIT, TimeUnit.SECONDS);
	}

	private static JsonNode dataOf(Message message) {
		return normalized(message.getData());
	}

	/** Read back through JSON text, so that numbers of different Java types compare by value. */
	private static JsonNode normalized(Object value) {
		return json.readTree(json.writeValueAsString(value));
	}

	private static String uniqueChannel() {
		return "/chat/" + UUID.randomUUID().toString().replace("-", "");
	}

}
