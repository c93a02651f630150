package io.github.cometdboot.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.history.ChannelHistory;
import io.github.cometdboot.server.history.HistoryPosition;
import io.github.cometdboot.server.history.InMemoryChannelHistory;
import io.github.cometdboot.server.history.Recovery;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the delivery guarantees' part of {@link CometdAutoConfiguration}: acknowledged delivery and
 * channel history.
 */
class CometdDeliveryAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CometdAutoConfiguration.class));

	@Test
	void acknowledgedDeliveryIsOnAndNoChannelKeepsHistoryByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(BayeuxServer.class).settings().acknowledgedDelivery()).isTrue();
			assertThat(context.getBean(ChannelHistory.class)).isSameAs(ChannelHistory.NONE);
			assertThat(context.getBean(BayeuxServer.class).history()).isSameAs(ChannelHistory.NONE);
		});
	}

	@Test
	void acknowledgedDeliveryCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("cometd.ack.enabled=false")
			.run((context) -> assertThat(context.getBean(BayeuxServer.class).settings().acknowledgedDelivery())
				.isFalse());
	}

	@Test
	void historyChannelsComeFromProperties() {
		this.contextRunner
			.withPropertyValues("cometd.history.channels[0].pattern=/rooms/*", "cometd.history.channels[0].size=2",
					"cometd.history.channels[0].max-age=1m", "cometd.history.channels[1].pattern=/prices/**")
			.run((context) -> {
				ChannelHistory history = context.getBean(BayeuxServer.class).history();
				assertThat(history).isInstanceOf(InMemoryChannelHistory.class);
				assertThat(history.keeps(ChannelId.of("/rooms/a"))).isTrue();
				assertThat(history.keeps(ChannelId.of("/prices/eu/x"))).isTrue();
				assertThat(history.keeps(ChannelId.of("/chat/a"))).isFalse();
				BayeuxServer server = context.getBean(BayeuxServer.class);
				for (int i = 0; i < 3; i++) {
					server.publish("/rooms/a", i).block(Duration.ofSeconds(5));
				}
				// Size 2: the first message is gone.
				Recovery recovery = history.after(ChannelId.of("/rooms/a"), new HistoryPosition(0, history.epoch()))
					.block(Duration.ofSeconds(5));
				assertThat(recovery.reason()).isEqualTo(Recovery.TOO_OLD);
			});
	}

	@Test
	void anApplicationHistoryReplacesTheDefault() {
		this.contextRunner.withUserConfiguration(OwnHistory.class)
			.run((context) -> assertThat(context.getBean(BayeuxServer.class).history())
				.isSameAs(context.getBean(OwnHistory.class).history));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHistory {

		final ChannelHistory history = new InMemoryChannelHistory(List.of(), System::currentTimeMillis);

		@Bean
		ChannelHistory channelHistory() {
			return this.history;
		}

	}

}
