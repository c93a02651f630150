package io.github.cometdboot.server.transport;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.InMemoryEngine;
import io.github.cometdboot.server.ServerSettings;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpCookie;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Bayeux server with every transport routed at {@code /cometd}, driven without a network: timing
 * runs on a {@link VirtualTimeScheduler}, so a held connect waits until the test advances time.
 */
final class TransportFixture {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

	static final int MAX_MESSAGE_SIZE = 4096;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	final BayeuxServer server;

	final WebSocketTransport webSocket;

	final ConnectionLimit connections;

	final RouterFunction<ServerResponse> router;

	final HttpHandler httpHandler;

	final WebTestClient client;

	/** The cookies of {@link #client}, which keeps them like a browser. */
	final CookieJar cookies = new CookieJar();

	TransportFixture() {
		this(SecurityPolicy.ALLOW_ALL);
	}

	TransportFixture(SecurityPolicy policy) {
		this(policy, 0);
	}

	/**
	 * A fixture whose transports share a limit on open connections.
	 * @param policy the security policy
	 * @param maxConnections the most connections open at once, zero for no limit
	 */
	TransportFixture(SecurityPolicy policy, int maxConnections) {
		ServerSettings settings = ServerSettings.builder()
			.timeout(CONNECT_TIMEOUT)
			.maxMessageSize(MAX_MESSAGE_SIZE)
			.build();
		this.server = new BayeuxServer(settings, new MessageCodec(), new InMemoryEngine(), policy, this.scheduler);
		this.server.start();
		this.server.addConnectionType(WebSocketTransport.NAME);
		this.server.addConnectionType(LongPollingTransport.NAME);
		this.server.addConnectionType(CallbackPollingTransport.NAME);
		BrowserCookie cookie = BrowserCookie.defaults();
		this.connections = new ConnectionLimit(maxConnections, this.server.observer());
		HttpTransportSupport support = new HttpTransportSupport(this.server, cookie, this.connections);
		this.webSocket = new WebSocketTransport(this.server, cookie, OriginCheck.sameOrigin(), this.connections);
		this.router = new BayeuxRoutes("/cometd").websocket(this.webSocket, new HandshakeWebSocketService())
			.longPolling(new LongPollingTransport(support))
			.callbackPolling(new CallbackPollingTransport(support))
			.build();
		this.httpHandler = RouterFunctions.toHttpHandler(this.router);
		this.client = WebTestClient.bindToRouterFunction(this.router)
			.configureClient()
			.filter(this.cookies)
			.responseTimeout(TIMEOUT)
			.build();
	}

	/**
	 * A client whose requests are authenticated as the given user.
	 * @param user the principal name
	 * @return the client
	 */
	WebTestClient clientAs(String user) {
		Principal principal = () -> user;
		return WebTestClient.bindToRouterFunction(this.router)
			.webFilter((exchange, chain) -> chain.filter(exchange.mutate().principal(Mono.just(principal)).build()))
			.configureClient()
			.filter(new CookieJar())
			.responseTimeout(TIMEOUT)
			.build();
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
	 * POST a long-polling request that must succeed with {@code 200}.
	 */
	List<Map<String, Object>> post(String path, String body) {
		return post(path, body, null);
	}

	/**
	 * POST a long-polling request that must succeed with {@code 200}, as the given browser.
	 * @param browserId the browser cookie to send, or {@code null} for the client's own
	 */
	List<Map<String, Object>> post(String path, String body, @Nullable String browserId) {
		String response = this.client.post()
			.uri(path)
			.cookies((cookies) -> {
				if (browserId != null) {
					cookies.set("BAYEUX_BROWSER", browserId);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return parse(response);
	}

	/**
	 * Handshake over long-polling and make the session's first connect, which is answered at once.
	 * @return the client id
	 */
	String connectedSession() {
		String clientId = handshake();
		List<Map<String, Object>> replies = post("/cometd/connect", connect(clientId));
		assertThat(replies).singleElement().satisfies((reply) -> assertThat(reply).containsEntry("successful", true));
		return clientId;
	}

	String handshake() {
		List<Map<String, Object>> replies = post("/cometd/handshake", handshakeRequest());
		assertThat(replies).singleElement().satisfies((reply) -> assertThat(reply).containsEntry("successful", true));
		return (String) replies.get(0).get("clientId");
	}

	void subscribe(String clientId, String channel) {
		List<Map<String, Object>> replies = post("/cometd/subscribe", """
				[{"channel":"/meta/subscribe","clientId":"%s","subscription":"%s","id":"s"}]
				""".formatted(clientId, channel));
		assertThat(replies).singleElement().satisfies((reply) -> assertThat(reply).containsEntry("successful", true));
	}

	/**
	 * Check that a session that connected before is still served normally: it publishes on a channel it
	 * subscribes to and its next connect, in the same batch, returns the message before the connect
	 * reply.
	 */
	void assertServes(String clientId) {
		subscribe(clientId, "/check");
		List<Map<String, Object>> replies = post("/cometd", """
				[{"channel":"/check","clientId":"%s","data":{"still":"alive"},"id":"p"},
				 {"channel":"/meta/connect","clientId":"%s","connectionType":"long-polling","id":"c"}]
				""".formatted(clientId, clientId));
		assertThat(replies).hasSize(3);
		assertThat(replies.get(0)).containsEntry("channel", "/check")
			.containsEntry("id", "p")
			.containsEntry("successful", true);
		assertThat(replies.get(1)).containsEntry("channel", "/check").containsEntry("data", Map.of("still", "alive"));
		assertThat(replies.get(2)).containsEntry("channel", "/meta/connect").containsEntry("successful", true);
	}

	static String handshakeRequest() {
		return """
				[{"channel":"/meta/handshake","version":"1.0","minimumVersion":"1.0",
				  "supportedConnectionTypes":["websocket","long-polling","callback-polling"],"id":"h"}]
				""";
	}

	static String connect(String clientId) {
		return connect(clientId, "long-polling");
	}

	static String connect(String clientId, String connectionType) {
		return """
				[{"channel":"/meta/connect","clientId":"%s","connectionType":"%s","id":"c"}]
				""".formatted(clientId, connectionType);
	}

	/** @return the replies written to a response that has completed */
	static List<Map<String, Object>> parse(MockServerHttpResponse response) {
		return parse(response.getBodyAsString().block(TIMEOUT));
	}

	static List<Map<String, Object>> parse(String json) {
		return JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() {
		});
	}

}
