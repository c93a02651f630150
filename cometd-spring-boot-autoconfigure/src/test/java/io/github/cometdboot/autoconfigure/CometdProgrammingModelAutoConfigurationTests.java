package io.github.cometdboot.autoconfigure;

import io.github.cometdboot.CometListener;
import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.annotation.CometListenerRegistrar;
import io.github.cometdboot.security.ChannelRulesSecurityPolicy;
import io.github.cometdboot.security.RoleResolver;
import io.github.cometdboot.security.SpringSecurityRoleResolver;
import io.github.cometdboot.server.DefaultCometTemplate;
import io.github.cometdboot.server.BayeuxServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the programming-model and security parts of {@link CometdAutoConfiguration}.
 */
class CometdProgrammingModelAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CometdAutoConfiguration.class));

	@Test
	void providesTemplateRegistrarEventsAndRulePolicy() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(CometTemplate.class)
				.hasSingleBean(CometListenerRegistrar.class)
				.hasSingleBean(ApplicationEventSessionListener.class);
			assertThat(context.getBean(SecurityPolicy.class)).isInstanceOf(ChannelRulesSecurityPolicy.class);
			assertThat(context.getBean(RoleResolver.class)).isInstanceOf(SpringSecurityRoleResolver.class);
		});
	}

	@Test
	void withoutSpringSecurityThereIsNoRoleResolverAndThePolicyStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Authentication.class))
			.withPropertyValues("cometd.security.channels[0].pattern=/admin/**",
					"cometd.security.channels[0].subscribe=role:ADMIN")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(RoleResolver.class);
				assertThat(context).hasSingleBean(SecurityPolicy.class);
			});
	}

	@Test
	void backsOffForUserBeans() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context.getBean(CometTemplate.class)).isSameAs(context.getBean(UserBeans.class).template);
			assertThat(context.getBean(SecurityPolicy.class)).isSameAs(SecurityPolicy.ALLOW_ALL);
			assertThat(context.getBean(RoleResolver.class)).isSameAs(RoleResolver.NONE);
		});
	}

	@Test
	void invalidAccessExpressionFailsAtStartup() {
		this.contextRunner.withPropertyValues("cometd.security.handshake=everyone")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Unknown access 'everyone'"));
	}

	@Test
	void listenerOnMetaChannelFailsAtStartup() {
		this.contextRunner.withUserConfiguration(MetaListener.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("cannot handle meta channels"));
	}

	@Test
	void unknownChannelVariableFailsAtStartup() {
		this.contextRunner.withUserConfiguration(UnknownVariableListener.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("No variable 'user'"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		CometTemplate template;

		@Bean
		CometTemplate userTemplate(BayeuxServer server) {
			this.template = new DefaultCometTemplate(server);
			return this.template;
		}

		@Bean
		SecurityPolicy userPolicy() {
			return SecurityPolicy.ALLOW_ALL;
		}

		@Bean
		RoleResolver userRoles() {
			return RoleResolver.NONE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MetaListener {

		@CometListener("/meta/connect")
		void onConnect(String data) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownVariableListener {

		@CometListener("/chat/{room}")
		void onChat(@io.github.cometdboot.ChannelVariable("user") String user) {
		}

	}

}
