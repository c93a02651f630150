package io.github.cometdboot.autoconfigure.metrics;

import io.github.cometdboot.autoconfigure.CometdAutoConfiguration;
import io.github.cometdboot.metrics.CometdMeterBinder;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.transport.ConnectionLimit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * Bayeux hub's Micrometer meters.
 */
@AutoConfiguration(after = CometdAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, BayeuxServer.class })
@ConditionalOnBean({ MeterRegistry.class, BayeuxServer.class })
public final class CometdMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CometdMeterBinder cometdMeterBinder(BayeuxServer bayeuxServer) {
		return new CometdMeterBinder(bayeuxServer);
	}

	@Bean
	@ConditionalOnBean(ConnectionLimit.class)
	MeterBinder cometdConnectionsMeterBinder(ConnectionLimit connections) {
		return (registry) -> {
			Gauge.builder("cometd.connections.open", connections, ConnectionLimit::openConnections)
				.description("Connections open on the Bayeux path: requests in progress, held polls, websockets, streams")
				.register(registry);
			Gauge.builder("cometd.sockets.open", connections, ConnectionLimit::openSockets)
				.description("Sockets open on the web server, idle ones included (Reactor Netty only)")
				.register(registry);
		};
	}

}
