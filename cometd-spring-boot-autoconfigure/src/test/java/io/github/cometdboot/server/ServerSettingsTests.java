package io.github.cometdboot.server;

import io.github.cometdboot.server.session.OverflowPolicy;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ServerSettings}: CometD's defaults and validation.
 */
class ServerSettingsTests {

	@Test
	void defaultsAreCometdDefaults() {
		ServerSettings settings = ServerSettings.defaults();
		assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(20));
		assertThat(settings.interval()).isZero();
		assertThat(settings.maxInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.multipleClientsInterval()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.maxSessionsPerBrowser()).isOne();
		assertThat(settings.sweepPeriod()).isEqualTo(Duration.ofSeconds(1));
		assertThat(settings.broadcastToPublisher()).isTrue();
		assertThat(settings.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
		assertThat(settings.maxQueue()).isPositive();
	}

	@Test
	void builderSetsEveryValue() {
		ServerSettings settings = ServerSettings.builder()
			.timeout(Duration.ofSeconds(1))
			.interval(Duration.ofSeconds(2))
			.maxInterval(Duration.ofSeconds(3))
			.multipleClientsInterval(Duration.ofSeconds(4))
			.maxSessionsPerBrowser(5)
			.maxQueue(6)
			.overflowPolicy(OverflowPolicy.DISCONNECT)
			.maxMessageSize(7000)
			.sweepPeriod(Duration.ofSeconds(8))
			.channelIdleTime(Duration.ofSeconds(9))
			.broadcastToPublisher(false)
			.limits(new SessionLimits(10, 11, 12, 13))
			.trustClientSession(true)
			.acknowledgedDelivery(false)
			.build();
		assertThat(settings).isEqualTo(new ServerSettings(Duration.ofSeconds(1), Duration.ofSeconds(2),
				Duration.ofSeconds(3), Duration.ofSeconds(4), 5, 6, OverflowPolicy.DISCONNECT, 7000,
				Duration.ofSeconds(8), Duration.ofSeconds(9), false, new SessionLimits(10, 11, 12, 13), true, false));
	}

	@Test
	void zeroIntervalsAreAllowedWhereTheyMakeSense() {
		ServerSettings settings = ServerSettings.builder()
			.interval(Duration.ZERO)
			.multipleClientsInterval(Duration.ZERO)
			.channelIdleTime(Duration.ZERO)
			.build();
		assertThat(settings.channelIdleTime()).isZero();
	}

	@Test
	void invalidValuesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerSettings.builder().timeout(Duration.ZERO).build())
			.withMessageContaining("timeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerSettings.builder().interval(Duration.ofMillis(-1)).build())
			.withMessageContaining("interval");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerSettings.builder().maxInterval(Duration.ZERO).build())
			.withMessageContaining("maxInterval");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerSettings.builder().sweepPeriod(Duration.ZERO).build())
			.withMessageContaining("sweepPeriod");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerSettings.builder().channelIdleTime(Duration.ofSeconds(-1)).build())
			.withMessageContaining("channelIdleTime");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerSettings.builder().maxQueue(0).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerSettings.builder().maxSessionsPerBrowser(0).build());
		assertThatIllegalArgumentException().isThrownBy(() -> ServerSettings.builder().maxMessageSize(63).build());
		assertThatIllegalArgumentException().isThrownBy(() -> ServerSettings.builder().overflowPolicy(null).build());
		assertThatIllegalArgumentException().isThrownBy(() -> ServerSettings.builder().timeout(null).build());
	}

}
