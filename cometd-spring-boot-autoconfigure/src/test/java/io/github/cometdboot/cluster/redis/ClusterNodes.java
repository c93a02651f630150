package io.github.cometdboot.cluster.redis;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several instances of {@link ClusterTestApplication} in this JVM, each on its own random port, all on
 * the Redis engine with the same Redis and key prefix: one cluster.
 */
final class ClusterNodes implements AutoCloseable {

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final int redisPort;

	private final String prefix;

	ClusterNodes(int redisPort, String prefix) {
		this.redisPort = redisPort;
		this.prefix = prefix;
	}

	/**
	 * Start one more node.
	 * @param extraProperties more properties, {@code key=value}
	 * @return its context
	 */
	ConfigurableApplicationContext start(String... extraProperties) {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "cometd.cluster.engine=redis",
				"cometd.cluster.node-id=node" + this.nodes.size(), "cometd.cluster.redis.prefix=" + this.prefix,
				"cometd.cluster.redis.publish-timeout=1s", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + this.redisPort,
				"spring.main.banner-mode=off"));
		properties.addAll(List.of(extraProperties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ClusterTestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties(properties.toArray(String[]::new))
			.run();
		this.nodes.add(context);
		return context;
	}

	static int port(ConfigurableApplicationContext node) {
		return ((WebServerApplicationContext) node).getWebServer().getPort();
	}

	@Override
	public void close() {
		for (ConfigurableApplicationContext node : this.nodes) {
			node.close();
		}
	}

}
