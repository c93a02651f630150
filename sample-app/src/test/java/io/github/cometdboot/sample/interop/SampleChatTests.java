package io.github.cometdboot.sample.interop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.sample.interop.JavaClients.Kind;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app's collaboration backend, driven by the official CometD Java client: moderation,
 * history, presence, private messages and the ticker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.ticker.period=100ms")
@ActiveProfiles("interop")
class SampleChatTests {

	private static final long WAIT = 10;

	@LocalServerPort
	private int port;

	private JavaClients clients;

	@BeforeEach
	void createClients() {
		this.clients = new JavaClients("http://127.0.0.1:" + this.port + "/cometd");
	}

	@AfterEach
	void closeClients() throws Exception {
		this.clients.close();
	}

	@Test
	void moderationMasksRudeWordsAndTellsTheSenderWhyALineWasRefused() throws Exception {
		BayeuxClient reader = connected();
		BlockingQueue<Message> lines = subscribe(reader, "/rooms/moderated");
		BayeuxClient writer = connected();
		Message shouted = publish(writer, "/rooms/moderated", Map.of("user", "ann", "text", "STOP SHOUTING"));
		assertThat(shouted.isSuccessful()).isFalse();
		assertThat(shouted.get(Message.ERROR_FIELD)).isEqualTo("403:no_shouting:publish_denied");
		assertThat(publish(writer, "/rooms/moderated", Map.of("user", "ann", "text", "  ")).get(Message.ERROR_FIELD))
			.isEqualTo("403:empty:publish_denied");
		assertThat(publish(writer, "/rooms/moderated", Map.of("user", "ann", "text", "oh heck, hi")).isSuccessful())
			.isTrue();
		Message line = lines.poll(WAIT, TimeUnit.SECONDS);
		assertThat(line.getDataAsMap()).containsEntry("user", "ann").containsEntry("text", "oh ****, hi");
		assertThat(lines).isEmpty();
		Message history = remoteCall(reader, "chat/history", Map.of("room", "moderated"));
		assertThat(history.getData().toString()).contains("oh ****, hi").doesNotContain("SHOUTING");
	}

	@Test
	void presenceAnnouncesJoinsAndTheLeaveOfAClosedPage() throws Exception {
		BayeuxClient ann = connected();
		BlockingQueue<Message> presence = subscribe(ann, "/presence/garden");
		assertThat(remoteCall(ann, "presence/join", Map.of("room", "garden", "name", "ann")).getData().toString())
			.contains("ann");
		assertThat(presence.poll(WAIT, TimeUnit.SECONDS).getDataAsMap()).containsEntry("type", "join");
		BayeuxClient bob = connected();
		remoteCall(bob, "presence/join", Map.of("room", "garden", "name", "bob"));
		Message bobJoined = presence.poll(WAIT, TimeUnit.SECONDS);
		assertThat(bobJoined.getDataAsMap()).containsEntry("type", "join").containsEntry("name", "bob");
		assertThat(bob.disconnect(WAIT * 1000)).isTrue();
		Message bobLeft = presence.poll(WAIT, TimeUnit.SECONDS);
		assertThat(bobLeft.getDataAsMap()).containsEntry("type", "leave").containsEntry("name", "bob");
		assertThat(bobLeft.getDataAsMap().get("members").toString()).contains("ann").doesNotContain("bob");
	}

	@Test
	void privateMessageReachesEveryPageOfTheAddresseeAndNobodyElse() throws Exception {
		BayeuxClient carolTab1 = connected();
		BayeuxClient carolTab2 = connected();
		BayeuxClient dave = connected();
		BayeuxClient eve = connected();
		for (BayeuxClient client : List.of(carolTab1, carolTab2)) {
			remoteCall(client, "presence/join", Map.of("room", "lobby", "name", "carol"));
		}
		remoteCall(dave, "presence/join", Map.of("room", "lobby", "name", "dave"));
		remoteCall(eve, "presence/join", Map.of("room", "lobby", "name", "eve"));
		BlockingQueue<Message> tab1 = subscribe(carolTab1, "/private");
		BlockingQueue<Message> tab2 = subscribe(carolTab2, "/private");
		BlockingQueue<Message> eves = subscribe(eve, "/private");
		Message reply = remoteCall(dave, "private", Map.of("to", "carol", "text", "psst"));
		assertThat(((Number) reply.getData()).intValue()).isEqualTo(2);
		assertThat(tab1.poll(WAIT, TimeUnit.SECONDS).getDataAsMap()).containsEntry("user", "dave")
			.containsEntry("text", "psst");
		assertThat(tab2.poll(WAIT, TimeUnit.SECONDS).getDataAsMap()).containsEntry("text", "psst");
		assertThat(eves).isEmpty();
	}

	@Test
	void tickerPushesPricesWithTheServerSendTime() throws Exception {
		BayeuxClient client = connected();
		BlockingQueue<Message> ticks = subscribe(client, "/ticker/*");
		Message tick = ticks.poll(WAIT, TimeUnit.SECONDS);
		assertThat(tick).isNotNull();
		assertThat(tick.getDataAsMap()).containsKeys("symbol", "price", "sentAt");
		assertThat(tick.getChannel()).startsWith("/ticker/");
	}

	private BayeuxClient connected() throws Exception {
		BayeuxClient client = this.clients.create(Kind.LONG_POLLING);
		client.handshake();
		assertThat(client.waitFor(WAIT * 1000, BayeuxClient.State.CONNECTED)).isTrue();
		return client;
	}

	private static BlockingQueue<Message> subscribe(BayeuxClient client, String channel) throws Exception {
		BlockingQueue<Message> received = new LinkedBlockingQueue<>();
		CompletableFuture<Message> reply = new CompletableFuture<>();
		client.getChannel(channel).subscribe((c, message) -> received.add(message), reply::complete);
		assertThat(reply.get(WAIT, TimeUnit.SECONDS).isSuccessful()).isTrue();
		return received;
	}

	private static Message publish(BayeuxClient client, String channel, Object data) throws Exception {
		CompletableFuture<Message> reply = new CompletableFuture<>();
		client.getChannel(channel).publish(data, reply::complete);
		return reply.get(WAIT, TimeUnit.SECONDS);
	}

	private static Message remoteCall(BayeuxClient client, String target, Object data) throws Exception {
		CompletableFuture<Message> reply = new CompletableFuture<>();
		client.remoteCall(target, data, reply::complete);
		Message message = reply.get(WAIT, TimeUnit.SECONDS);
		assertThat(message.isSuccessful()).as("remote call %s: %s", target, message).isTrue();
		return message;
	}

}
