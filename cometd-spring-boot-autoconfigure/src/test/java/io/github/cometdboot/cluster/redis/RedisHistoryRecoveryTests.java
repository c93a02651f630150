package io.github.cometdboot.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.programmingmodel.JavaClientFactory;
import io.github.cometdboot.server.history.ChannelHistory;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSession;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static io.github.cometdboot.programmingmodel.JavaClientFactory.WAIT_SECONDS;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.publish;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribeReply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes on the Redis engine with a history for {@code /feed/*}, on the real Redis, with official
 * CometD Java clients: a client of one node that misses messages published on another recovers them on a
 * third, once each and in order, then gets the live ones; once the history keys are lost, recovery says
 * {@code epoch_changed}.
 */
class RedisHistoryRecoveryTests {

	private static final String CHANNEL = "/feed/news";

	private static ClusterNodes cluster;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final List<JavaClientFactory> factories = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = new ClusterNodes(RedisServer.shared().port(), "cometd-history-" + UUID.randomUUID());
		for (int i = 0; i < 3; i++) {
			nodes.add(cluster.start("cometd.history.channels[0].pattern=/feed/*",
					"cometd.history.channels[0].size=100"));
		}
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@AfterEach
	void closeClients() throws Exception {
		for (JavaClientFactory factory : this.factories) {
			factory.close();
		}
	}

	@Test
	void aClientRecoversOnAnotherNodeWhatWasPublishedOnAThirdWhileItWasAway() throws Exception {
		BayeuxClient publisher = client(1);
		BayeuxClient reader = client(0);
		BlockingQueue<Message> received = new LinkedBlockingQueue<>();
		Message subscribed = subscribeReply(reader, CHANNEL, received);
		assertThat(subscribed.isSuccessful()).isTrue();
		publishAll(publisher, "m1", "m2");
		assertThat(next(received).getData()).isEqualTo("m1");
		Message last = next(received);
		assertThat(last.getData()).isEqualTo("m2");
		Map<String, Object> position = positionOf(last);
		reader.disconnect(WAIT_SECONDS * 1000);

		publishAll(publisher, "m3", "m4", "m5");

		BayeuxClient returning = client(2);
		recoverFrom(returning, position);
		BlockingQueue<Message> recovered = new LinkedBlockingQueue<>();
		Message reply = subscribeReply(returning, CHANNEL, recovered);
		assertThat(reply.isSuccessful()).isTrue();
		assertThat(historyOf(reply)).containsEntry("recovered", true);
		publishAll(publisher, "m6");
		List<Object> data = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			data.add(next(recovered).getData());
		}
		assertThat(data).containsExactly("m3", "m4", "m5", "m6");
		// Nothing twice: a marker published last is the next message.
		publishAll(publisher, "end");
		assertThat(next(recovered).getData()).isEqualTo("end");
	}

	@Test
	void recoveryAfterTheHistoryKeysAreLostSaysTheEpochChanged() throws Exception {
		String channel = "/feed/lost";
		BayeuxClient publisher = client(1);
		BayeuxClient reader = client(0);
		BlockingQueue<Message> received = new LinkedBlockingQueue<>();
		assertThat(subscribeReply(reader, channel, received).isSuccessful()).isTrue();
		publishOn(publisher, channel, "before");
		Map<String, Object> position = positionOf(next(received));
		reader.disconnect(WAIT_SECONDS * 1000);

		RedisChannelHistory history = (RedisChannelHistory) nodes.get(0).getBean(ChannelHistory.class);
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(
				nodes.get(0).getBean(ReactiveRedisConnectionFactory.class));
		assertThat(redis.delete(history.keysOf(ChannelId.of(channel)).toArray(String[]::new))
			.block(Duration.ofSeconds(WAIT_SECONDS))).isEqualTo(2);

		BayeuxClient returning = client(2);
		recoverFrom(returning, position);
		Message reply = subscribeReply(returning, channel, new LinkedBlockingQueue<>());
		assertThat(reply.isSuccessful()).isTrue();
		Map<String, Object> answer = historyOf(reply);
		assertThat(answer).containsEntry("recovered", false).containsEntry("reason", "epoch_changed");
		assertThat(answer.get("epoch")).isNotEqualTo(position.get("epoch"));
	}

	private BayeuxClient client(int node) throws Exception {
		JavaClientFactory factory = new JavaClientFactory(ClusterNodes.port(nodes.get(node)));
		this.factories.add(factory);
		return factory.connected(null);
	}

	/** Every subscribe of the client asks to recover from a position, as our JS client does. */
	private static void recoverFrom(BayeuxClient client, Map<String, Object> position) {
		client.addExtension(new ClientSession.Extension() {
			@Override
			public boolean sendMeta(ClientSession session, Message.Mutable message) {
				if (Channel.META_SUBSCRIBE.equals(message.getChannel())) {
					message.getExt(true).put("history", position);
				}
				return true;
			}
		});
	}

	private static void publishAll(BayeuxClient publisher, String... data) throws Exception {
		publishOn(publisher, CHANNEL, data);
	}

	private static void publishOn(BayeuxClient publisher, String channel, String... data) throws Exception {
		for (String each : data) {
			assertThat(publish(publisher, channel, each).isSuccessful()).isTrue();
		}
	}

	private static Message next(BlockingQueue<Message> received) throws InterruptedException {
		Message message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(message).as("a message within %s s", WAIT_SECONDS).isNotNull();
		return message;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> positionOf(Message message) {
		return (Map<String, Object>) message.getExt().get("history");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> historyOf(Message reply) {
		assertThat(reply.getExt()).as("ext of %s", reply).containsKey("history");
		return (Map<String, Object>) reply.getExt().get("history");
	}

}
