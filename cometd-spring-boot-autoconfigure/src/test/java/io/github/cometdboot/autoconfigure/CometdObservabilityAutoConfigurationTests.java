package io.github.cometdboot.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.cometdboot.CometListener;
import io.github.cometdboot.actuate.CometdEndpoint;
import io.github.cometdboot.actuate.CometdHealthIndicator;
import io.github.cometdboot.autoconfigure.endpoint.CometdEndpointAutoConfiguration;
import io.github.cometdboot.autoconfigure.health.CometdHealthContributorAutoConfiguration;
import io.github.cometdboot.autoconfigure.metrics.CometdMetricsAutoConfiguration;
import io.github.cometdboot.autoconfigure.observation.CometdObservationAutoConfiguration;
import io.github.cometdboot.Message;
import io.github.cometdboot.metrics.CometdMeterBinder;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.TransportContext;
import io.github.cometdboot.server.transport.ConnectionLimit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the metrics, health, endpoint and observation auto-configurations: each is present with
 * its library and backs off without it.
 */
class CometdObservabilityAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CometdAutoConfiguration.class, CometdMetricsAutoConfiguration.class,
				CometdHealthContributorAutoConfiguration.class, CometdEndpointAutoConfiguration.class,
				CometdObservationAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void everyPartIsPresentWithItsLibrary() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=cometd").run((context) -> {
			assertThat(context).hasSingleBean(CometdMeterBinder.class)
				.hasSingleBean(CometdHealthIndicator.class)
				.hasSingleBean(CometdEndpoint.class)
				.hasBean("cometdHttpServerRequestsPredicate");
		});
	}

	@Test
	void openConnectionsAreAGauge() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean("cometdConnectionsMeterBinder", io.micrometer.core.instrument.binder.MeterBinder.class)
				.bindTo(registry);
			ConnectionLimit connections = context.getBean(ConnectionLimit.class);
			assertThat(connections.tryOpen("192.0.2.1")).isTrue();
			assertThat(registry.get("cometd.connections.open").gauge().value()).isOne();
			connections.close("192.0.2.1");
			assertThat(registry.get("cometd.connections.open").gauge().value()).isZero();
			assertThat(connections.tryOpenSocket()).isTrue();
			assertThat(registry.get("cometd.sockets.open").gauge().value()).isOne();
			connections.closeSocket();
			assertThat(registry.get("cometd.sockets.open").gauge().value()).isZero();
		});
	}

	@Test
	void metricsBackOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CometdMeterBinder.class));
	}

	@Test
	void metricsBackOffWithoutAMeterRegistry() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CometdAutoConfiguration.class, CometdMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CometdMeterBinder.class));
	}

	@Test
	void healthBacksOffWithoutBootHealthOrWhenDisabled() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CometdHealthIndicator.class));
		this.contextRunner.withPropertyValues("management.health.cometd.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CometdHealthIndicator.class));
	}

	@Test
	void endpointBacksOffWithoutActuatorOrWhenNotExposed() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=cometd")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CometdEndpoint.class));
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(CometdEndpoint.class));
	}

	@Test
	void httpServerRequestsExclusionCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("cometd.observation.exclude-bayeux-requests=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservationPredicate.class));
	}

	@Test
	void listenerCallsAreObservedWithLowCardinalityPatternAndOutcome() {
		this.contextRunner.withUserConfiguration(ObservedListener.class).run((context) -> {
			BayeuxServer server = context.getBean(BayeuxServer.class);
			server.publish("/chat/lobby", "hello").block(Duration.ofSeconds(5));
			server.publish("/chat/fail", "boom").onErrorComplete().block(Duration.ofSeconds(5));
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo("cometd.listener", 2)
				.forAllObservationsWithNameEqualTo("cometd.listener",
						(observation) -> observation.hasLowCardinalityKeyValue("pattern", "/chat/{room}")
							.hasLowCardinalityKeyValue("role", "listener")
							.hasHighCardinalityKeyValue("session", "server"));
			TestObservationRegistryAssert.assertThat(registry)
				.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "success")
					.hasHighCardinalityKeyValue("channel", "/chat/lobby"))
				.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "error")
					.hasHighCardinalityKeyValue("channel", "/chat/fail")
					.hasError());
			assertThat(server.process(List.of(Message.on("/meta/handshake")), TransportContext.polling("x", null))
				.block(Duration.ofSeconds(5))).isNotNull();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservedListener {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

		@CometListener("/chat/{room}")
		void onChat(String room) {
			if (room.equals("fail")) {
				throw new IllegalStateException("failed on purpose");
			}
		}

	}

}
