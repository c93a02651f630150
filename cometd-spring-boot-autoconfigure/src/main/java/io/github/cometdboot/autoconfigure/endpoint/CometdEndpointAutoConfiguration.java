package io.github.cometdboot.autoconfigure.endpoint;

import io.github.cometdboot.actuate.CometdEndpoint;
import io.github.cometdboot.autoconfigure.CometdAutoConfiguration;
import io.github.cometdboot.server.BayeuxServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.PropertiesEndpointAccessResolver;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@code cometd} actuator endpoint.
 */
@AutoConfiguration(after = CometdAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, BayeuxServer.class })
@ConditionalOnBean(BayeuxServer.class)
@ConditionalOnAvailableEndpoint(CometdEndpoint.class)
public final class CometdEndpointAutoConfiguration {

	/**
	 * The endpoint, which reveals whole client ids only when its access is unrestricted: the operator
	 * opted into the operations that need them (disconnecting a session), and secures them.
	 */
	@Bean
	@ConditionalOnMissingBean
	CometdEndpoint cometdEndpoint(BayeuxServer bayeuxServer, ObjectProvider<EndpointAccessResolver> accessResolver,
			Environment environment) {
		Access access = accessResolver.getIfAvailable(() -> new PropertiesEndpointAccessResolver(environment))
			.accessFor(EndpointId.of("cometd"), Access.READ_ONLY);
		return new CometdEndpoint(bayeuxServer, access == Access.UNRESTRICTED);
	}

}
