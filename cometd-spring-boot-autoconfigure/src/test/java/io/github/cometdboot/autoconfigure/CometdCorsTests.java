package io.github.cometdboot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the CORS that {@code cometd.cors.*} applies to the Bayeux path, and to it alone.
 */
class CometdCorsTests {

	private static final String PAGE = "https://app.example.com";

	private static final String HANDSHAKE = """
			[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]
			""";

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CodecsAutoConfiguration.class,
				WebFluxAutoConfiguration.class, CometdAutoConfiguration.class))
		.withUserConfiguration(OtherRouteConfiguration.class);

	@Test
	void preflightOfAPostFromAnAllowedOriginIsAnswered() {
		this.contextRunner.withPropertyValues("cometd.cors.allowed-origins=" + PAGE, "cometd.cors.allow-credentials=true")
			.run((context) -> preflight(client(context), "/cometd/handshake", HttpMethod.POST, "content-type")
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, PAGE)
				.expectHeader()
				.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
				.expectHeader()
				.value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, (methods) -> assertThat(methods).contains("POST"))
				.expectHeader()
				.valueEquals(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "1800"));
	}

	@Test
	void preflightOfAnEventSourceReconnectIsAnswered() {
		this.contextRunner.withPropertyValues("cometd.cors.allowed-origins=" + PAGE)
			.run((context) -> preflight(client(context), "/cometd/someclient", HttpMethod.GET, "last-event-id")
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, PAGE)
				.expectHeader()
				.value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
						(headers) -> assertThat(headers).containsIgnoringCase("last-event-id")));
	}

	@Test
	void crossOriginPostIsAnsweredWithTheAllowedOrigin() {
		this.contextRunner.withPropertyValues("cometd.cors.allowed-origin-patterns=https://*.example.com",
				"cometd.cors.allow-credentials=true")
			.run((context) -> client(context).post()
				.uri("/cometd")
				.header(HttpHeaders.ORIGIN, PAGE)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(HANDSHAKE)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, PAGE)
				.expectHeader()
				.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
				.expectBody()
				.jsonPath("$[0].successful")
				.isEqualTo(true));
	}

	@Test
	void otherOriginIsRefused() {
		this.contextRunner.withPropertyValues("cometd.cors.allowed-origins=" + PAGE)
			.run((context) -> client(context).post()
				.uri("/cometd")
				.header(HttpHeaders.ORIGIN, "https://evil.example.org")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(HANDSHAKE)
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN));
	}

	@Test
	void corsIsScopedToTheBayeuxPath() {
		this.contextRunner.withPropertyValues("cometd.cors.allowed-origins=" + PAGE)
			.run((context) -> preflight(client(context), "/other", HttpMethod.GET, "content-type")
				.expectHeader()
				.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN));
	}

	@Test
	void customPathIsTheOneThatGetsCors() {
		this.contextRunner.withPropertyValues("cometd.path=/push/", "cometd.cors.allowed-origins=" + PAGE)
			.run((context) -> {
				preflight(client(context), "/push", HttpMethod.POST, "content-type").expectHeader()
					.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, PAGE);
				preflight(client(context), "/push/connect", HttpMethod.POST, "content-type").expectHeader()
					.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, PAGE);
			});
	}

	@Test
	void noCrossOriginAccessUntilOriginsAreAllowed() {
		this.contextRunner.run((context) -> preflight(client(context), "/cometd", HttpMethod.POST, "content-type")
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN));
	}

	private static WebTestClient.ResponseSpec preflight(WebTestClient client, String path, HttpMethod method,
			String header) {
		return client.options()
			.uri(path)
			.header(HttpHeaders.ORIGIN, PAGE)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method.name())
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, header)
			.exchange();
	}

	private static WebTestClient client(ApplicationContext context) {
		// Absolute URLs: CORS compares the Origin with the request's own scheme, host and port.
		return WebTestClient.bindToApplicationContext(context)
			.configureClient()
			.baseUrl("http://localhost:8080")
			.responseTimeout(Duration.ofSeconds(5))
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class OtherRouteConfiguration {

		@Bean
		RouterFunction<ServerResponse> otherRoute() {
			return RouterFunctions.route().GET("/other", (request) -> ServerResponse.ok().build()).build();
		}

	}

}
