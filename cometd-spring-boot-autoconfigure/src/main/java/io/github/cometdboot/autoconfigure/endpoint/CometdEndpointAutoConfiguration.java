package io.github.cometdboot.autoconfigure.endpoint;

import io.github.cometdboot.actuate.CometdEndpoint;
import io.github.cometdboot.autoconfigure.CometdAutoConfiguration;
import io.github.cometdboot.server.BayeuxServer;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code cometd} actuator endpoint.
 */
@AutoConfiguration(after = CometdAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, BayeuxServer.class })
@ConditionalOnBean(BayeuxServer.class)
@ConditionalOnAvailableEndpoint(CometdEndpoint.class)
public final class CometdEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CometdEndpoint cometdEndpoint(BayeuxServer bayeuxServer) {
		return new CometdEndpoint(bayeuxServer);
	}

}
