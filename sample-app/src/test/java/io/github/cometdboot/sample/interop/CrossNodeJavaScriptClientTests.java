package io.github.cometdboot.sample.interop;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.github.cometdboot.sample.SampleApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code src/test/node/cluster/cometd-cross-node.mjs} (the official CometD JavaScript client under
 * Node) against three sample-app nodes on the Redis engine, one cluster through the Redis at
 * 127.0.0.1:6379 under a key prefix of this run's own: subscribers on two nodes, the publisher on the
 * third.
 */
class CrossNodeJavaScriptClientTests {

	private static final long TIMEOUT_MINUTES = 3;

	private static final int REDIS_PORT = 6379;

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void officialCometdJavaScriptClientsOnThreeNodesGetEveryMessageOnceInOrder() throws Exception {
		assumeFalse(Boolean.getBoolean("interop.skip"), "interop.skip is set");
		assumeTrue(redisListens(), "no Redis on 127.0.0.1:" + REDIS_PORT);
		File directory = new File(System.getProperty("interop.node.dir", "src/test/node"));
		String prefix = "crossnode-js-" + UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			this.nodes.add(startNode(prefix, "node" + i));
		}
		String urls = this.nodes.stream()
			.map((node) -> "http://127.0.0.1:" + ((WebServerApplicationContext) node).getWebServer().getPort()
					+ "/cometd")
			.collect(Collectors.joining(","));

		String output = NodeTestRun.runAndAssertPassed(directory, Map.of("COMETD_URLS", urls), TIMEOUT_MINUTES,
				"cluster/cometd-cross-node.mjs");
		assertThat(output).as("both tests ran").contains("pass 2");
	}

	private static ConfigurableApplicationContext startNode(String prefix, String nodeId) {
		// Command-line arguments, as a user would start a node: they win over application.properties.
		return new SpringApplicationBuilder(SampleApplication.class).web(WebApplicationType.REACTIVE)
			.profiles("cluster")
			.run("--server.port=0", "--cometd.cluster.redis.prefix=" + prefix, "--cometd.cluster.node-id=" + nodeId,
					"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + REDIS_PORT,
					"--spring.main.banner-mode=off");
	}

	private static boolean redisListens() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", REDIS_PORT), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
