package io.github.cometdboot.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.cometdboot.actuate.CometdHealthIndicator;
import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.programmingmodel.JavaClientFactory;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.cometdboot.programmingmodel.JavaClientFactory.WAIT_SECONDS;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.publish;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on a private {@code redis-server} that is stopped and started again on the same port:
 * while it is down, health is DOWN, publishes are delivered on the publisher's node and answered with
 * {@code 503::cluster_unavailable}; once it is back, the engine recovers without a restart.
 */
class RedisRestartTests {

	private static final Duration RECOVERY = Duration.ofSeconds(60);

	private RedisServer redis;

	private ClusterNodes cluster;

	private JavaClientFactory firstClients;

	private JavaClientFactory secondClients;

	@BeforeEach
	void startCluster() {
		this.redis = RedisServer.startOwn();
		this.cluster = new ClusterNodes(this.redis.port(), "cometd-restart-" + UUID.randomUUID());
	}

	@AfterEach
	void stopCluster() throws Exception {
		if (this.firstClients != null) {
			this.firstClients.close();
			this.secondClients.close();
		}
		this.cluster.close();
		this.redis.stop();
	}

	@Test
	void localDeliveryContinuesWhileRedisIsDownAndTheClusterRecoversWhenItReturns() throws Exception {
		ConfigurableApplicationContext first = this.cluster.start();
		ConfigurableApplicationContext second = this.cluster.start();
		this.firstClients = new JavaClientFactory(ClusterNodes.port(first));
		this.secondClients = new JavaClientFactory(ClusterNodes.port(second));
		BlockingQueue<Message> onFirst = subscribe(this.firstClients.connected(null), "/news");
		BlockingQueue<Message> onSecond = subscribe(this.secondClients.connected(null), "/news");
		BayeuxClient publisher = this.firstClients.connected(null);

		assertThat(publish(publisher, "/news", "before").isSuccessful()).isTrue();
		assertThat(onFirst.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("before");
		assertThat(onSecond.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("before");
		assertThat(health(first)).isEqualTo(Status.UP);

		this.redis.stop();
		awaitHealth(first, Status.DOWN);
		Message failed = publish(publisher, "/news", "during");
		assertThat(failed.isSuccessful()).isFalse();
		assertThat(failed.get(Message.ERROR_FIELD)).isEqualTo(BayeuxError.CLUSTER_UNAVAILABLE);
		assertThat(onFirst.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("during");

		this.redis.start();
		awaitHealth(first, Status.UP);
		awaitHealth(second, Status.UP);
		assertThat(publish(publisher, "/news", "after").isSuccessful()).isTrue();
		assertThat(onFirst.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("after");
		// The second node never got "during": its next message is the first one published after the return.
		assertThat(onSecond.poll(RECOVERY.toSeconds(), TimeUnit.SECONDS).getData()).isEqualTo("after");
		assertThat(publish(publisher, "/news", Map.of("end", true)).isSuccessful()).isTrue();
		for (BlockingQueue<Message> subscriber : List.of(onFirst, onSecond)) {
			assertThat(subscriber.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo(Map.of("end", true));
		}
	}

	private static Status health(ConfigurableApplicationContext node) {
		return node.getBean(CometdHealthIndicator.class).health().block(Duration.ofSeconds(10)).getStatus();
	}

	private static void awaitHealth(ConfigurableApplicationContext node, Status expected) {
		long deadline = System.nanoTime() + RECOVERY.toNanos();
		while (!health(node).equals(expected)) {
			assertThat(System.nanoTime()).as("health %s within %s", expected, RECOVERY).isLessThan(deadline);
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
	}

}
