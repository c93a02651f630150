package io.github.cometdboot.autoconfigure;

import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.annotation.CometListenerRegistrar;
import io.github.cometdboot.server.DefaultCometTemplate;
import io.github.cometdboot.server.BayeuxServer;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What application code uses: {@link CometTemplate}, {@code @CometListener} and
 * {@code @CometInterceptor} methods, and session life as application events.
 */
@Configuration(proxyBeanMethods = false)
class CometdProgrammingModelConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CometTemplate cometTemplate(BayeuxServer bayeuxServer) {
		return new DefaultCometTemplate(bayeuxServer);
	}

	@Bean
	@ConditionalOnMissingBean
	static CometListenerRegistrar cometListenerRegistrar(ObjectProvider<BayeuxServer> bayeuxServer,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		// Listener methods that do not return a Mono or Flux may block: they run on bounded elastic.
		return new CometListenerRegistrar(bayeuxServer, Schedulers.boundedElastic(), observationRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	ApplicationEventSessionListener cometdSessionEventPublisher(ApplicationEventPublisher applicationEventPublisher) {
		return new ApplicationEventSessionListener(applicationEventPublisher);
	}

}
