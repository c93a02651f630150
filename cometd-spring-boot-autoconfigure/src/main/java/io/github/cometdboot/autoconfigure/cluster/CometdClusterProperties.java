package io.github.cometdboot.autoconfigure.cluster;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the engine that carries publications between the nodes of a cluster.
 */
@ConfigurationProperties("cometd.cluster")
public class CometdClusterProperties {

	/**
	 * Engine that carries publications: {@code memory} (this node only) or {@code redis} (every node
	 * that shares the Redis configured by {@code spring.data.redis.*} and the key prefix).
	 */
	private Engine engine = Engine.MEMORY;

	/**
	 * Id of this node in the cluster; a random one when not set.
	 */
	private @Nullable String nodeId;

	private final Redis redis = new Redis();

	public Engine getEngine() {
		return this.engine;
	}

	public void setEngine(Engine engine) {
		this.engine = engine;
	}

	public @Nullable String getNodeId() {
		return this.nodeId;
	}

	public void setNodeId(@Nullable String nodeId) {
		this.nodeId = nodeId;
	}

	public Redis getRedis() {
		return this.redis;
	}

	/** Engines. */
	public enum Engine {

		/** This node only. */
		MEMORY,

		/** Every node, through a Redis Stream. */
		REDIS

	}

	/** Redis engine properties. */
	public static class Redis {

		/**
		 * Prefix of the Redis keys the engine uses: nodes with the same prefix form one cluster.
		 */
		private String prefix = "cometd";

		/**
		 * Approximate number of entries the bus stream keeps (XADD MAXLEN ~).
		 */
		private long streamMaxLength = 100_000;

		/**
		 * How long a publish waits for Redis before it is delivered on this node only and answered
		 * with 503::cluster_unavailable; also the bound of the health check's PING.
		 */
		private Duration publishTimeout = Duration.ofSeconds(2);

		/**
		 * How long one blocking read of the bus stream waits for entries (XREAD BLOCK); keep it shorter
		 * than spring.data.redis.timeout.
		 */
		private Duration pollTimeout = Duration.ofMillis(500);

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public long getStreamMaxLength() {
			return this.streamMaxLength;
		}

		public void setStreamMaxLength(long streamMaxLength) {
			this.streamMaxLength = streamMaxLength;
		}

		public Duration getPollTimeout() {
			return this.pollTimeout;
		}

		public void setPollTimeout(Duration pollTimeout) {
			this.pollTimeout = pollTimeout;
		}

		public Duration getPublishTimeout() {
			return this.publishTimeout;
		}

		public void setPublishTimeout(Duration publishTimeout) {
			this.publishTimeout = publishTimeout;
		}

	}

}
