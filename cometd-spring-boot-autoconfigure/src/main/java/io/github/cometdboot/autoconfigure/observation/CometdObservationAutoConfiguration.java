package io.github.cometdboot.autoconfigure.observation;

import io.github.cometdboot.autoconfigure.CometdAutoConfiguration;
import io.github.cometdboot.autoconfigure.CometdProperties;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that keeps
 * Bayeux requests out of the {@code http.server.requests} observation: a long poll is held for up to
 * {@code cometd.timeout} by design, so its duration would swamp the application's real request times.
 * Set {@code cometd.observation.exclude-bayeux-requests=false} to keep them.
 */
@AutoConfiguration(after = CometdAutoConfiguration.class)
@ConditionalOnClass({ ObservationPredicate.class, ServerRequestObservationContext.class })
@ConditionalOnBean(CometdProperties.class)
@ConditionalOnBooleanProperty(name = "cometd.observation.exclude-bayeux-requests", matchIfMissing = true)
public final class CometdObservationAutoConfiguration {

	@Bean
	ObservationPredicate cometdHttpServerRequestsPredicate(CometdProperties properties) {
		String path = properties.getPath().endsWith("/")
				? properties.getPath().substring(0, properties.getPath().length() - 1) : properties.getPath();
		return (name, context) -> {
			if (!"http.server.requests".equals(name)
					|| !(context instanceof ServerRequestObservationContext request)) {
				return true;
			}
			String requestPath = request.getCarrier().getPath().pathWithinApplication().value();
			return !(requestPath.equals(path) || requestPath.startsWith(path + "/"));
		};
	}

}
