package io.github.cometdboot.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import io.github.cometdboot.programmingmodel.JavaClientFactory;
import io.github.cometdboot.server.BayeuxEngine;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSession;
import org.cometd.client.BayeuxClient;
import org.cometd.client.ext.AckExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.cometdboot.programmingmodel.JavaClientFactory.WAIT_SECONDS;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.publish;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long-polling CometD Java clients behind a load balancer, spread over three nodes on the Redis
 * engine: when a node stops in the middle of a stream, its clients carry on on the other nodes with
 * the same sessions (no new handshake) and lose no message, nor receive one twice.
 */
class NodeFailoverTests {

	private static final int MESSAGES = 60;

	private static final Duration WAIT = Duration.ofSeconds(WAIT_SECONDS * 3);

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private ClusterNodes cluster;

	private FailoverProxy proxy;

	private JavaClientFactory clients;

	@BeforeEach
	void startClusterBehindProxy() {
		this.cluster = new ClusterNodes(RedisServer.shared().port(), "cometd-failover-" + UUID.randomUUID());
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ConfigurableApplicationContext node = this.cluster.start();
			this.nodes.add(node);
			ports.add(ClusterNodes.port(node));
		}
		this.proxy = new FailoverProxy(ports);
		this.clients = new JavaClientFactory(this.proxy.port());
	}

	@AfterEach
	void stopAll() throws Exception {
		this.clients.close();
		this.proxy.close();
		this.cluster.close();
	}

	@Test
	void clientsOfAStoppedNodeCarryOnElsewhereWithoutLossNorDuplicates() throws Exception {
		streamSurvivesTheLossOfANode(null, ConfigurableApplicationContext::close);
	}

	/**
	 * A crash can cut a connect reply that the node had recorded as sent: only a client that
	 * acknowledges what it receives (CometD's ack extension) can tell the next node to send it again.
	 */
	@Test
	void acknowledgingClientsOfACrashedNodeCarryOnElsewhereWithoutLossNorDuplicates() throws Exception {
		streamSurvivesTheLossOfANode(AckExtension::new, (node) -> {
			// Connections die with the process, before anything else it held goes away.
			this.proxy.cut(ClusterNodes.port(node));
			crash(node);
		});
	}

	/**
	 * What a killed process leaves behind: nothing answers on its port, nothing reads the bus for it,
	 * and its sessions are still recorded in Redis as its own (a node that stops hands them over; this
	 * one never does). Its open connections, held long polls included, are broken by the proxy's cut.
	 */
	private static void crash(ConfigurableApplicationContext node) {
		node.getBean(BayeuxEngine.class).stop();
		((ReactiveWebServerApplicationContext) node).getWebServer().stop();
	}

	private void streamSurvivesTheLossOfANode(@Nullable Supplier<ClientSession.Extension> extension,
			Consumer<ConfigurableApplicationContext> loss) throws Exception {
		List<BayeuxClient> subscriberClients = new ArrayList<>();
		List<BlockingQueue<Message>> subscribers = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			BayeuxClient client = (extension != null) ? this.clients.connected(null, extension.get())
					: this.clients.connected(null);
			subscriberClients.add(client);
			subscribers.add(subscribe(client, "/stream"));
		}
		List<String> sessions = subscriberClients.stream().map(BayeuxClient::getId).toList();
		BayeuxClient publisher = this.clients.connected(null);
		CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> publishSequence(publisher));
		List<Object> beforeStop = Received.until(subscribers.get(0), (data) -> data instanceof Map<?, ?> map
				&& map.get("seq") instanceof Number seq && seq.intValue() == MESSAGES / 3, WAIT);
		loss.accept(this.nodes.get(1));
		stream.get(120, TimeUnit.SECONDS);

		List<Object> expected = IntStream.range(0, MESSAGES).boxed().map(Object.class::cast).toList();
		for (int i = 0; i < subscribers.size(); i++) {
			List<Object> received = new ArrayList<>((i == 0) ? beforeStop : List.of());
			received.addAll(Received.until(subscribers.get(i), Received.endOf("p"), WAIT));
			assertThat(Received.sequenceOf(received, "p")).as("subscriber %s (%s)", i, sessions.get(i)).isEqualTo(expected);
		}
		// The same sessions carried on: none handshook again.
		assertThat(subscriberClients.stream().map(BayeuxClient::getId).toList()).isEqualTo(sessions);
	}

	private static void publishSequence(BayeuxClient client) {
		try {
			for (int seq = 0; seq < MESSAGES; seq++) {
				Message reply = publish(client, "/stream", Map.of("publisher", "p", "seq", seq));
				assertThat(reply.isSuccessful()).as("publish %s: %s", seq, reply).isTrue();
			}
			publish(client, "/stream", Map.of("publisher", "p", "end", true));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
