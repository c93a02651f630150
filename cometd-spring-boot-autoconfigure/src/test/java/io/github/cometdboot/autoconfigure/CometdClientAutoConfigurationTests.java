package io.github.cometdboot.autoconfigure;

import io.github.cometdboot.client.ClientScriptRoutes;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CometdClientAutoConfiguration}.
 */
class CometdClientAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CodecsAutoConfiguration.class,
				WebFluxAutoConfiguration.class, CometdAutoConfiguration.class, CometdClientAutoConfiguration.class));

	@Test
	void servesTheClientAtTheDefaultPaths() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ClientScriptRoutes.class).hasBean("cometdClientRouterFunction");
			CometdClientProperties properties = context.getBean(CometdClientProperties.class);
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getScriptPath()).isEqualTo("/cometd.js");
			assertThat(properties.getModulePath()).isEqualTo("/cometd.mjs");
			WebTestClient client = client(context);
			client.get().uri("/cometd.js").exchange().expectStatus().isOk().expectHeader()
				.contentType("text/javascript;charset=UTF-8").expectBody(String.class)
				.value((script) -> assertThat(script).contains("globalThis.CometD = CometD;"));
			client.get().uri("/cometd.mjs").exchange().expectStatus().isOk().expectBody(String.class)
				.value((module) -> assertThat(module).contains("export {CometD"));
			client.get().uri("/cometd.d.ts").exchange().expectStatus().isOk();
			// The Bayeux endpoint beside it is unaffected.
			client.post().uri("/cometd").bodyValue("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
					+ "\"supportedConnectionTypes\":[\"long-polling\"]}]").exchange().expectStatus().isOk();
		});
	}

	@Test
	void pathsAreConfigurable() {
		this.contextRunner.withPropertyValues("cometd.client.script-path=/js/push.js",
				"cometd.client.module-path=/js/push.mjs").run((context) -> {
					WebTestClient client = client(context);
					client.get().uri("/js/push.js").exchange().expectStatus().isOk();
					client.get().uri("/js/push.mjs").exchange().expectStatus().isOk();
					client.get().uri("/js/push.d.ts").exchange().expectStatus().isOk();
					client.get().uri("/cometd.js").exchange().expectStatus().isNotFound();
					client.get().uri("/cometd.mjs").exchange().expectStatus().isNotFound();
				});
	}

	@Test
	void disabledServesNothing() {
		this.contextRunner.withPropertyValues("cometd.client.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(ClientScriptRoutes.class)
				.doesNotHaveBean("cometdClientRouterFunction")
				.doesNotHaveBean(CometdClientProperties.class);
			client(context).get().uri("/cometd.js").exchange().expectStatus().isNotFound();
		});
	}

	@Test
	void backsOffFromAUserDefinedRoutesBean() {
		this.contextRunner.withUserConfiguration(CustomRoutes.class).run((context) -> {
			assertThat(context).hasSingleBean(ClientScriptRoutes.class);
			assertThat(context.getBean(ClientScriptRoutes.class).scriptPath()).isEqualTo("/custom.js");
			client(context).get().uri("/custom.js").exchange().expectStatus().isOk();
		});
	}

	@Test
	void onlyInAReactiveWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CometdClientAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ClientScriptRoutes.class));
	}

	@Test
	void backsOffWithoutWebFlux() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RouterFunction.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClientScriptRoutes.class));
	}

	@Test
	void badPathsFailAtStartup() {
		this.contextRunner.withPropertyValues("cometd.client.module-path=/cometd.js")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("two paths"));
	}

	private static WebTestClient client(ApplicationContext context) {
		return WebTestClient.bindToApplicationContext(context).build();
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRoutes {

		@Bean
		ClientScriptRoutes customRoutes() {
			return new ClientScriptRoutes("/custom.js", "/custom.mjs");
		}

	}

}
