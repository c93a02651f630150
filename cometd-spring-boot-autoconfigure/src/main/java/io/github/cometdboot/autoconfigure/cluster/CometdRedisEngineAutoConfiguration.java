package io.github.cometdboot.autoconfigure.cluster;

import java.time.Duration;
import java.util.UUID;

import io.github.cometdboot.autoconfigure.CometdAutoConfiguration;
import io.github.cometdboot.autoconfigure.CometdProperties;
import io.github.cometdboot.autoconfigure.CometdSettings;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.cluster.redis.RedisChannelHistory;
import io.github.cometdboot.cluster.redis.RedisEngine;
import io.github.cometdboot.cluster.redis.RedisEngineSettings;
import io.github.cometdboot.server.BayeuxEngine;
import io.github.cometdboot.server.history.ChannelHistory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.stream.StreamReceiver;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * Redis cluster engine, when {@code cometd.cluster.engine=redis}: it uses the reactive Redis
 * connection factory that Boot configures from {@code spring.data.redis.*}, and replaces the
 * in-memory engine, and the in-memory history with one in Redis that all nodes share.
 */
@AutoConfiguration(before = CometdAutoConfiguration.class,
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration" })
@ConditionalOnClass({ ReactiveRedisConnectionFactory.class, StreamReceiver.class, RedisEngine.class })
@ConditionalOnProperty(name = "cometd.cluster.engine", havingValue = "redis")
@EnableConfigurationProperties({ CometdClusterProperties.class, CometdProperties.class })
public final class CometdRedisEngineAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BayeuxEngine cometdEngine(ReactiveRedisConnectionFactory redisConnectionFactory, MessageCodec codec,
			CometdClusterProperties properties, CometdProperties cometd) {
		CometdClusterProperties.Redis redis = properties.getRedis();
		String nodeId = (properties.getNodeId() != null) ? properties.getNodeId() : UUID.randomUUID().toString();
		// A session's shared state, refreshed after each request, outlives a held connect and the time the
		// hub keeps a session without connects.
		Duration sessionTtl = cometd.getMaxInterval().plus(cometd.getTimeout().multipliedBy(2)).plus(cometd.getInterval());
		return new RedisEngine(redisConnectionFactory, codec,
				new RedisEngineSettings(redis.getPrefix(), redis.getStreamMaxLength(), redis.getPublishTimeout(),
						redis.getPollTimeout(), sessionTtl, nodeId));
	}

	/** The history of {@code cometd.history.channels}, shared by the nodes: none when no channel keeps one. */
	@Bean
	@ConditionalOnMissingBean
	ChannelHistory cometdChannelHistory(ReactiveRedisConnectionFactory redisConnectionFactory, MessageCodec codec,
			CometdClusterProperties properties, CometdProperties cometd) {
		CometdProperties.History history = cometd.getHistory();
		if (history.getChannels().isEmpty()) {
			return ChannelHistory.NONE;
		}
		CometdClusterProperties.Redis redis = properties.getRedis();
		return new RedisChannelHistory(redisConnectionFactory, codec, CometdSettings.historyRetentions(history),
				redis.getPrefix(), redis.getPublishTimeout(), System::currentTimeMillis);
	}

}
