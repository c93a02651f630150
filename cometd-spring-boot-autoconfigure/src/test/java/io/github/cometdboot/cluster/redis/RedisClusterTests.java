package io.github.cometdboot.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.programmingmodel.JavaClientFactory;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static io.github.cometdboot.programmingmodel.JavaClientFactory.WAIT_SECONDS;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.publish;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.remoteCall;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three application instances on the Redis engine, on the real Redis, with official CometD Java
 * clients spread over them: publications reach every subscriber on every node once and in each
 * publisher's order, wildcards included; messages to a user or a session reach it on any node; and a
 * node that stops does not disturb the others.
 */
class RedisClusterTests {

	private static final Duration WAIT = Duration.ofSeconds(WAIT_SECONDS);

	private static final int MESSAGES = 100;

	private static ClusterNodes cluster;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final List<JavaClientFactory> factories = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = new ClusterNodes(RedisServer.shared().port(), "cometd-test-" + UUID.randomUUID());
		for (int i = 0; i < 3; i++) {
			nodes.add(cluster.start());
		}
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@BeforeEach
	void clientsOfEachNode() {
		for (ConfigurableApplicationContext node : nodes) {
			this.factories.add(new JavaClientFactory(ClusterNodes.port(node)));
		}
	}

	@AfterEach
	void closeClients() throws Exception {
		for (JavaClientFactory factory : this.factories) {
			factory.close();
		}
	}

	@Test
	void publicationsReachEverySubscriberOnEveryNodeOnceInEachPublishersOrder() throws Exception {
		List<BlockingQueue<Message>> subscribers = List.of(
				subscribe(this.factories.get(0).connected(null), "/orders/book"),
				subscribe(this.factories.get(1).connected(null), "/orders/book"),
				subscribe(this.factories.get(2).connected(null), "/orders/*"),
				subscribe(this.factories.get(0).connected(null), "/orders/**"));
		BayeuxClient first = this.factories.get(1).connected(null);
		BayeuxClient second = this.factories.get(2).connected(null);

		CompletableFuture<Void> one = CompletableFuture.runAsync(() -> publishSequence(first, "first", "/orders/book"));
		CompletableFuture<Void> two = CompletableFuture.runAsync(() -> publishSequence(second, "second", "/orders/book"));
		CompletableFuture.allOf(one, two).get(60, TimeUnit.SECONDS);

		List<Object> expected = IntStream.range(0, MESSAGES).boxed().map(Object.class::cast).toList();
		for (BlockingQueue<Message> subscriber : subscribers) {
			List<Object> received = Received.until(subscriber, Received.endOf("first"), WAIT);
			if (Received.sequenceOf(received, "second").size() < MESSAGES) {
				received.addAll(Received.until(subscriber, Received.endOf("second"), WAIT));
			}
			assertThat(Received.sequenceOf(received, "first")).isEqualTo(expected);
			assertThat(Received.sequenceOf(received, "second")).isEqualTo(expected);
		}
	}

	@Test
	void messagesToAUserOrASessionReachItOnAnyNode() throws Exception {
		BayeuxClient aliceOnFirst = this.factories.get(0).connected("alice");
		BayeuxClient aliceOnThird = this.factories.get(2).connected("alice");
		BayeuxClient bob = this.factories.get(1).connected("bob");
		BlockingQueue<Message> firstTab = subscribe(aliceOnFirst, "/private");
		BlockingQueue<Message> secondTab = subscribe(aliceOnThird, "/private");
		BlockingQueue<Message> bobsInbox = subscribe(bob, "/private");

		// The service runs on bob's node; its reply goes to bob there, the private message to alice's nodes.
		Message reply = remoteCall(bob, "/private", Map.of("to", "alice", "text", "hi"));
		assertThat(reply.isSuccessful()).isTrue();
		assertThat(reply.getData()).isEqualTo("sent");
		assertThat(firstTab.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("bob: hi");
		assertThat(secondTab.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("bob: hi");

		// One session by client id, from a node that does not hold it.
		CometTemplate template = nodes.get(1).getBean(CometTemplate.class);
		assertThat(template.deliver(aliceOnThird.getId(), "/private", "only the third")).isFalse();
		assertThat(secondTab.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("only the third");

		// Nothing more arrived anywhere: a marker sent last to everyone is the next message of each.
		for (String user : List.of("alice", "bob")) {
			template.deliverToUser(user, "/private", "end");
		}
		assertThat(firstTab.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("end");
		assertThat(secondTab.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("end");
		assertThat(bobsInbox.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("end");
	}

	@Test
	void aNodeStoppedInTheMiddleOfAStreamDoesNotDisturbTheOthers() throws Exception {
		ConfigurableApplicationContext doomed = cluster.start();
		try (JavaClientFactory doomedClients = new JavaClientFactory(ClusterNodes.port(doomed))) {
			BlockingQueue<Message> onDoomed = subscribe(doomedClients.connected(null), "/ticker");
			BlockingQueue<Message> onFirst = subscribe(this.factories.get(0).connected(null), "/ticker");
			BlockingQueue<Message> onSecond = subscribe(this.factories.get(1).connected(null), "/ticker");
			BayeuxClient publisher = this.factories.get(2).connected(null);

			CompletableFuture<Void> stream = CompletableFuture
				.runAsync(() -> publishSequence(publisher, "ticker", "/ticker"));
			List<Object> beforeStop = Received.until(onDoomed,
					(data) -> data instanceof Map<?, ?> map && map.get("seq") instanceof Number seq
							&& seq.intValue() == MESSAGES / 4,
					WAIT);
			doomed.close();
			stream.get(60, TimeUnit.SECONDS);

			List<Object> expected = IntStream.range(0, MESSAGES).boxed().map(Object.class::cast).toList();
			assertThat(Received.sequenceOf(beforeStop, "ticker")).isEqualTo(expected.subList(0, MESSAGES / 4 + 1));
			for (BlockingQueue<Message> survivor : List.of(onFirst, onSecond)) {
				List<Object> received = Received.until(survivor, Received.endOf("ticker"), WAIT);
				assertThat(Received.sequenceOf(received, "ticker")).isEqualTo(expected);
			}
		}
	}

	/** Publish {@link #MESSAGES} numbered messages, each after the previous reply, then an end marker. */
	private static void publishSequence(BayeuxClient client, String publisher, String channel) {
		try {
			for (int seq = 0; seq < MESSAGES; seq++) {
				Message reply = publish(client, channel, Map.of("publisher", publisher, "seq", seq));
				assertThat(reply.isSuccessful()).as("publish %s: %s", seq, reply).isTrue();
			}
			publish(client, channel, Map.of("publisher", publisher, "end", true));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
