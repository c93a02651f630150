package io.github.cometdboot.autoconfigure.cluster;

import java.time.Duration;

import io.github.cometdboot.autoconfigure.CometdAutoConfiguration;
import io.github.cometdboot.cluster.redis.RedisChannelHistory;
import io.github.cometdboot.cluster.redis.RedisEngine;
import io.github.cometdboot.server.BayeuxEngine;
import io.github.cometdboot.server.InMemoryEngine;
import io.github.cometdboot.server.history.ChannelHistory;
import io.github.cometdboot.server.history.InMemoryChannelHistory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CometdRedisEngineAutoConfiguration}.
 */
class CometdRedisEngineAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				DataRedisReactiveAutoConfiguration.class, CometdRedisEngineAutoConfiguration.class,
				CometdAutoConfiguration.class));

	@Test
	void inMemoryEngineByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.getBean(BayeuxEngine.class)
			.isInstanceOf(InMemoryEngine.class));
	}

	@Test
	void redisEngineOnBootsRedisConnectionWhenChosen() {
		this.contextRunner
			.withPropertyValues("cometd.cluster.engine=redis", "cometd.cluster.node-id=east-1",
					"cometd.cluster.redis.prefix=app", "cometd.cluster.redis.publish-timeout=300ms")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ReactiveRedisConnectionFactory.class);
				assertThat(context.getBean(BayeuxEngine.class)).isInstanceOf(RedisEngine.class);
				assertThat(((RedisEngine) context.getBean(BayeuxEngine.class)).nodeId()).isEqualTo("east-1");
				CometdClusterProperties.Redis redis = context.getBean(CometdClusterProperties.class).getRedis();
				assertThat(redis.getPrefix()).isEqualTo("app");
				assertThat(redis.getPublishTimeout()).isEqualTo(Duration.ofMillis(300));
			});
	}

	@Test
	void refusesToStartWithoutSpringDataRedis() {
		this.contextRunner.withPropertyValues("cometd.cluster.engine=redis")
			.withClassLoader(new FilteredClassLoader(ReactiveRedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cometd.cluster.engine=redis needs Spring Data Redis"));
	}

	@Test
	void historyInRedisWithTheRedisEngineWhenChannelsKeepOne() {
		this.contextRunner
			.withPropertyValues("cometd.cluster.engine=redis", "cometd.history.channels[0].pattern=/rooms/*")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(ChannelHistory.class)
				.isInstanceOf(RedisChannelHistory.class));
		this.contextRunner.withPropertyValues("cometd.cluster.engine=redis")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(ChannelHistory.class)
				.isSameAs(ChannelHistory.NONE));
		this.contextRunner.withPropertyValues("cometd.history.channels[0].pattern=/rooms/*")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(ChannelHistory.class)
				.isInstanceOf(InMemoryChannelHistory.class));
	}

	@Test
	void ownHistoryReplacesTheRedisOne() {
		this.contextRunner
			.withPropertyValues("cometd.cluster.engine=redis", "cometd.history.channels[0].pattern=/rooms/*")
			.withBean(ChannelHistory.class, () -> ChannelHistory.NONE)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(ChannelHistory.class)
				.isSameAs(ChannelHistory.NONE));
	}

}
