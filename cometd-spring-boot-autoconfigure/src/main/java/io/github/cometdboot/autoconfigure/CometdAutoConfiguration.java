package io.github.cometdboot.autoconfigure;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.BayeuxEngine;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.InMemoryEngine;
import io.github.cometdboot.SessionListener;
import io.github.cometdboot.server.history.ChannelHistory;
import io.github.cometdboot.server.transport.BrowserCookie;
import io.github.cometdboot.server.transport.ConnectionLimit;
import io.github.cometdboot.server.transport.HttpTransportSupport;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of a Bayeux
 * server on a reactive web application: the hub with its in-memory engine, the transports routed at
 * {@code cometd.path}, the security policy, and the programming model ({@code CometTemplate},
 * {@code @CometListener}, session events).
 */
@AutoConfiguration(after = WebFluxAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ BayeuxServer.class, RouterFunction.class })
@EnableConfigurationProperties(CometdProperties.class)
@Import({ CometdTransportConfiguration.class, CometdSecurityConfiguration.class, CometdNettyConfiguration.class,
		CometdProgrammingModelConfiguration.class })
public final class CometdAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MessageCodec cometdMessageCodec(ObjectProvider<JsonMapper> jsonMapper) {
		return new MessageCodec(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	BayeuxEngine cometdEngine(Environment environment) {
		// The Redis engine's auto-configuration backs off when Spring Data Redis is missing: staying in
		// memory then would split a cluster into nodes that silently never see each other's messages.
		if ("redis".equalsIgnoreCase(environment.getProperty("cometd.cluster.engine"))) {
			throw new IllegalStateException("cometd.cluster.engine=redis needs Spring Data Redis on the classpath "
					+ "(org.springframework.boot:spring-boot-starter-data-redis-reactive)");
		}
		return new InMemoryEngine();
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelHistory cometdChannelHistory(CometdProperties properties) {
		return CometdSettings.channelHistory(properties.getHistory());
	}

	/** Started and stopped by {@link #cometdServerLifecycle} only: no init or destroy method of its own. */
	@Bean
	@ConditionalOnMissingBean
	BayeuxServer bayeuxServer(CometdProperties properties, MessageCodec codec, BayeuxEngine engine,
			SecurityPolicy securityPolicy, ObjectProvider<SessionListener> sessionListeners,
			ChannelHistory channelHistory) {
		BayeuxServer server = new BayeuxServer(CometdSettings.server(properties), codec, engine, securityPolicy,
				Schedulers.parallel(), channelHistory);
		sessionListeners.orderedStream().forEach(server::addSessionListener);
		return server;
	}

	@Bean
	BayeuxServerLifecycle cometdServerLifecycle(BayeuxServer bayeuxServer) {
		return new BayeuxServerLifecycle(bayeuxServer);
	}

	@Bean
	@ConditionalOnMissingBean
	BrowserCookie cometdBrowserCookie(CometdProperties properties) {
		return CometdSettings.browserCookie(properties.getBrowserCookie());
	}

	@Bean
	@ConditionalOnMissingBean
	HttpTransportSupport cometdHttpTransportSupport(BayeuxServer server, BrowserCookie browserCookie,
			ConnectionLimit cometdConnectionLimit, CometdProperties properties) {
		return new HttpTransportSupport(server, browserCookie, cometdConnectionLimit,
				properties.getLimits().getIdleTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionLimit cometdConnectionLimit(BayeuxServer server, CometdProperties properties) {
		int max = server.settings().limits().maxConnections();
		Integer perAddress = properties.getLimits().getMaxConnectionsPerAddress();
		return new ConnectionLimit(max, (perAddress != null) ? perAddress : ConnectionLimit.defaultMaxPerAddress(max),
				server.observer());
	}

}
