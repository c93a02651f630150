package io.github.cometdboot.autoconfigure;

import io.github.cometdboot.client.ClientScriptRoutes;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * JavaScript client: the classic script at {@code cometd.client.script-path}, the ES module at
 * {@code cometd.client.module-path} and its TypeScript declarations beside it.
 */
@AutoConfiguration(after = WebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ ClientScriptRoutes.class, RouterFunction.class })
@ConditionalOnBooleanProperty(name = "cometd.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CometdClientProperties.class)
public final class CometdClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientScriptRoutes cometdClientScriptRoutes(CometdClientProperties properties) {
		return new ClientScriptRoutes(properties.getScriptPath(), properties.getModulePath());
	}

	@Bean
	@ConditionalOnMissingBean(name = "cometdClientRouterFunction")
	RouterFunction<ServerResponse> cometdClientRouterFunction(ClientScriptRoutes routes) {
		return routes.build();
	}

}
