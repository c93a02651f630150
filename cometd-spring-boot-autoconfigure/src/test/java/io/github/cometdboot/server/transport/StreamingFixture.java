package io.github.cometdboot.server.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.InMemoryEngine;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.ServerSettings;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpCookie;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Bayeux server with long-polling and the three streaming transports routed at {@code /cometd},
 * timed by a {@link VirtualTimeScheduler}: heartbeats and the end of a stream come when a test
 * advances time. Sessions are never pruned meanwhile (a long {@code maxInterval}), so that a test can
 * run a stream to its maximum duration.
 */
final class StreamingFixture {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	static final Duration HEARTBEAT = Duration.ofSeconds(10);

	static final Duration MAX_DURATION = Duration.ofMinutes(1);

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

	final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	final BayeuxServer server;

	final StreamingTransportSupport streaming;

	final RouterFunction<ServerResponse> router;

	final WebTestClient client;

	/** The cookies of {@link #client}, which keeps them like a browser. */
	final CookieJar cookies = new CookieJar();

	final HttpHandler httpHandler;

	StreamingFixture() {
		this(null, true);
	}

	/**
	 * @param cors the CORS configuration that decides the origins of forever-frame's postMessage
	 * @param longPolling whether long-polling is routed and advertised
	 */
	StreamingFixture(@Nullable CorsConfiguration cors, boolean longPolling) {
		ServerSettings settings = ServerSettings.builder()
			.timeout(CONNECT_TIMEOUT)
			.maxInterval(Duration.ofHours(1))
			.maxQueue(50)
			.build();
		this.server = new BayeuxServer(settings, new MessageCodec(), new InMemoryEngine(), SecurityPolicy.ALLOW_ALL,
				this.scheduler);
		this.server.start();
		HttpTransportSupport http = new HttpTransportSupport(this.server, BrowserCookie.defaults());
		this.streaming = new StreamingTransportSupport(http);
		StreamingSettings timing = new StreamingSettings(MAX_DURATION, HEARTBEAT);
		BayeuxRoutes routes = new BayeuxRoutes("/cometd");
		if (longPolling) {
			routes.longPolling(new LongPollingTransport(http));
			this.server.addConnectionType(LongPollingTransport.NAME);
		}
		this.router = routes.eventSource(new EventSourceTransport(this.streaming, timing, Duration.ofMillis(1500)))
			.foreverFrame(new ForeverFrameTransport(this.streaming, timing, cors))
			.multipart(new MultipartTransport(this.streaming, timing))
			.build();
		this.server.addConnectionType(EventSourceTransport.NAME);
		this.server.addConnectionType(ForeverFrameTransport.NAME);
		this.server.addConnectionType(MultipartTransport.NAME);
		this.client = WebTestClient.bindToRouterFunction(this.router)
			.configureClient()
			.filter(this.cookies)
			.responseTimeout(TIMEOUT)
			.build();
		this.httpHandler = RouterFunctions.toHttpHandler(this.router);
	}

	/** @return the browser cookie {@link #client} was given, for requests made without it */
	HttpCookie browserCookie() {
		return this.cookies.cookie("BAYEUX_BROWSER");
	}

	void stop() {
		this.server.stop();
		this.scheduler.dispose();
	}

	/**
	 * Handshake, make the first connect (answered at once) naming the given connection type, and
	 * subscribe to a channel.
	 * @return the client id
	 */
	String session(String connectionType, String channel) {
		List<Map<String, Object>> handshake = post("""
				[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["%s"],"id":"h"}]
				""".formatted(connectionType));
		assertThat(handshake).singleElement().satisfies((reply) -> assertThat(reply).containsEntry("successful", true));
		String clientId = (String) handshake.get(0).get("clientId");
		assertThat(post(connect(clientId, connectionType))).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("successful", true));
		assertThat(post("""
				[{"channel":"/meta/subscribe","clientId":"%s","subscription":"%s","id":"s"}]
				""".formatted(clientId, channel))).singleElement()
			.satisfies((reply) -> assertThat(reply).containsEntry("successful", true));
		return clientId;
	}

	ServerSession find(String clientId) {
		ServerSession session = this.server.sessions().find(clientId);
		assertThat(session).as("session " + clientId).isNotNull();
		return session;
	}

	void publish(String channel, Object data) {
		this.server.publish(channel, data).block(TIMEOUT);
	}

	List<Map<String, Object>> post(String body) {
		String response = this.client.post()
			.uri("/cometd")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return TransportFixture.parse(response);
	}

	/**
	 * Open a stream and return its chunks as text, each one flushed write.
	 */
	Flux<String> open(String uri, MediaType accept) {
		return open(uri, accept, new HttpHeaders());
	}

	/**
	 * Open a stream with extra request headers and return its chunks as text.
	 */
	Flux<String> open(String uri, MediaType accept, HttpHeaders headers) {
		return this.client.get()
			.uri(uri)
			.accept(accept)
			.headers((all) -> all.addAll(headers))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(byte[].class)
			.getResponseBody()
			.map((bytes) -> new String(bytes, StandardCharsets.UTF_8));
	}

	static String connect(String clientId, String connectionType) {
		return """
				[{"channel":"/meta/connect","clientId":"%s","connectionType":"%s","id":"c"}]
				""".formatted(clientId, connectionType);
	}

}
