package io.github.cometdboot.autoconfigure.health;

import io.github.cometdboot.actuate.CometdHealthIndicator;
import io.github.cometdboot.autoconfigure.CometdAutoConfiguration;
import io.github.cometdboot.server.BayeuxServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code cometd} health indicator.
 */
@AutoConfiguration(after = CometdAutoConfiguration.class)
@ConditionalOnClass({ ReactiveHealthIndicator.class, BayeuxServer.class })
@ConditionalOnBean(BayeuxServer.class)
@ConditionalOnEnabledHealthIndicator("cometd")
@EnableConfigurationProperties(CometdHealthProperties.class)
public final class CometdHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "cometdHealthIndicator")
	CometdHealthIndicator cometdHealthIndicator(BayeuxServer bayeuxServer, CometdHealthProperties properties) {
		return new CometdHealthIndicator(bayeuxServer, properties.getSaturatedSessionsThreshold());
	}

}
