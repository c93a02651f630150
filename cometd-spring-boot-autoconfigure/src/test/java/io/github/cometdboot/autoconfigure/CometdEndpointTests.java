package io.github.cometdboot.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.cometdboot.CometSession;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.transport.CookieJar;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the routes that {@link CometdAutoConfiguration} serves in a WebFlux application, without a
 * server.
 */
class CometdEndpointTests {

	private static final String HANDSHAKE = """
			[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"],"id":"1"}]
			""";

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CodecsAutoConfiguration.class,
				WebFluxAutoConfiguration.class, CometdAutoConfiguration.class));

	@Test
	void handshakeAtDefaultPath() {
		this.contextRunner.run((context) -> {
			WebTestClient client = client(context);
			handshake(client, "/cometd").expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$[0].successful")
				.isEqualTo(true)
				.jsonPath("$[0].supportedConnectionTypes")
				.isEqualTo(List.of("websocket", "long-polling", "callback-polling", "eventsource", "forever-frame",
						"multipart"));
		});
	}

	@Test
	void handshakeAtCustomPath() {
		this.contextRunner.withPropertyValues("cometd.path=/push").run((context) -> {
			WebTestClient client = client(context);
			handshake(client, "/push").expectStatus()
				.isOk()
				.expectCookie()
				.httpOnly("BAYEUX_BROWSER", true)
				.expectBody()
				.jsonPath("$[0].channel")
				.isEqualTo("/meta/handshake")
				.jsonPath("$[0].successful")
				.isEqualTo(true)
				.jsonPath("$[0].clientId")
				.isNotEmpty();
			handshake(client, "/push/handshake").expectStatus().isOk();
			handshake(client, "/cometd").expectStatus().isNotFound();
		});
	}

	@Test
	void callbackPollingAtCustomPath() {
		this.contextRunner.withPropertyValues("cometd.path=/push/").run((context) -> client(context).get()
			.uri("/push?jsonp=cb&message={message}", HANDSHAKE)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript")
			.expectBody(String.class)
			.value((body) -> assertThat(body).startsWith("/**/cb([")));
	}

	@Test
	void disabledTransportIsNotRouted() {
		this.contextRunner
			.withPropertyValues("cometd.long-polling.enabled=false", "cometd.eventsource.enabled=false",
					"cometd.forever-frame.enabled=false", "cometd.multipart.enabled=false")
			.run((context) -> handshake(client(context), "/cometd").expectStatus().isNotFound());
	}

	@Test
	void streamsAreServedAtSubPathsOfTheBayeuxPath() {
		this.contextRunner.withPropertyValues("cometd.path=/push").run((context) -> {
			WebTestClient client = client(context);
			String clientId = clientId(handshake(client, "/push"));
			stream(client, "/push/" + clientId, MediaType.TEXT_EVENT_STREAM, MediaType.TEXT_EVENT_STREAM);
			stream(client, "/push/forever-frame/" + clientId + "?callback=cb", MediaType.TEXT_HTML, MediaType.TEXT_HTML);
			stream(client, "/push/multipart/" + clientId, MediaType.ALL, MediaType.parseMediaType("multipart/x-mixed-replace"));
		});
	}

	@Test
	void streamingClientPostsWhenOnlyStreamingTransportsAreEnabled() {
		this.contextRunner
			.withPropertyValues("cometd.websocket.enabled=false", "cometd.long-polling.enabled=false",
					"cometd.callback-polling.enabled=false")
			.run((context) -> {
				WebTestClient client = client(context);
				client.post()
					.uri("/cometd")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("""
							[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["eventsource"]}]
							""")
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody()
					.jsonPath("$[0].successful")
					.isEqualTo(true)
					.jsonPath("$[0].supportedConnectionTypes")
					.isEqualTo(List.of("eventsource", "forever-frame", "multipart"));
			});
	}

	@Test
	void disabledStreamingTransportIsNotRouted() {
		this.contextRunner.withPropertyValues("cometd.multipart.enabled=false").run((context) -> {
			WebTestClient client = client(context);
			String clientId = clientId(handshake(client, "/cometd"));
			client.get().uri("/cometd/multipart/" + clientId).exchange().expectStatus().isNotFound();
		});
	}

	@Test
	void userSecurityPolicyDecidesHandshakes() {
		this.contextRunner.withUserConfiguration(DenyAllConfiguration.class)
			.run((context) -> handshake(client(context), "/cometd").expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$[0].successful")
				.isEqualTo(false)
				.jsonPath("$[0].error")
				.isEqualTo("403::handshake_denied"));
	}

	@Test
	void webSocketOriginsAreTheServersOwnAndTheConfiguredOnes() {
		this.contextRunner.withPropertyValues("cometd.websocket.allowed-origins=https://app.example.com")
			.run((context) -> assertOrigins(client(context), List.of("https://app.example.com", "http://localhost")));
	}

	@Test
	void webSocketOriginsIncludeTheCorsOnes() {
		this.contextRunner.withPropertyValues("cometd.cors.allowed-origins=https://cors.example.com")
			.run((context) -> assertOrigins(client(context), List.of("https://cors.example.com", "http://localhost")));
	}

	private static void assertOrigins(WebTestClient client, List<String> allowed) {
		for (String origin : allowed) {
			// Allowed through to the upgrade, which this mock request cannot complete.
			upgrade(client, origin).expectStatus().value((status) -> assertThat(status).as(origin).isNotEqualTo(403));
		}
		upgrade(client, "https://evil.example.com").expectStatus().isForbidden();
	}

	private static WebTestClient.ResponseSpec upgrade(WebTestClient client, String origin) {
		return client.get()
			.uri("http://localhost/cometd")
			.header("Upgrade", "websocket")
			.header("Connection", "Upgrade")
			.header("Origin", origin)
			.exchange();
	}

	private static WebTestClient client(ApplicationContext context) {
		return WebTestClient.bindToApplicationContext(context)
			.configureClient()
			.filter(new CookieJar())
			.responseTimeout(Duration.ofSeconds(5))
			.build();
	}

	private static void stream(WebTestClient client, String uri, MediaType accept, MediaType expected) {
		StepVerifier.create(client.get()
			.uri(uri)
			.accept(accept)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(expected)
			.returnResult(byte[].class)
			.getResponseBody())
			.expectNextCount(1)
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	private static String clientId(WebTestClient.ResponseSpec handshake) {
		String body = handshake.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		return JsonMapper.builder().build().readTree(body).get(0).get("clientId").asString();
	}

	private static WebTestClient.ResponseSpec handshake(WebTestClient client, String path) {
		return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(HANDSHAKE).exchange();
	}

	@Configuration(proxyBeanMethods = false)
	static class DenyAllConfiguration {

		@Bean
		SecurityPolicy denyAll() {
			return new SecurityPolicy() {

				@Override
				public Mono<Boolean> canHandshake(CometSession session, Message message) {
					return Mono.just(false);
				}

			};
		}

	}

}
