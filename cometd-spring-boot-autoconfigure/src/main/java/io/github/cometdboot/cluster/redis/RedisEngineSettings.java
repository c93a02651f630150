package io.github.cometdboot.cluster.redis;

import java.time.Duration;

/**
 * Settings of the Redis engine.
 *
 * @param prefix prefix of the Redis keys, so that several clusters (or test runs) share one Redis
 * @param streamMaxLength approximate number of entries the bus stream keeps ({@code MAXLEN ~})
 * @param publishTimeout how long a publish waits for Redis before it fails with
 * {@code 503::cluster_unavailable}, and how long a health check waits for {@code PING}
 * @param pollTimeout how long one blocking read of the bus waits for entries ({@code XREAD BLOCK});
 * shorter than the Redis command timeout
 * @param sessionTtl how long a session's shared state outlives the last request of its client
 * @param nodeId this node's id, unique in the cluster
 */
public record RedisEngineSettings(String prefix, long streamMaxLength, Duration publishTimeout, Duration pollTimeout,
		Duration sessionTtl, String nodeId) {

	/** @return the key of the bus stream */
	public String busKey() {
		return this.prefix + ":bus";
	}

}
