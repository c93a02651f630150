package io.github.cometdboot.server.transport;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.server.WebSocketService;
import reactor.core.publisher.Mono;

/**
 * Builds the router for the Bayeux path. Every transport shares the one path, so requests are told
 * apart by method and headers: a GET that asks for a websocket upgrade, a GET with a {@code jsonp}
 * parameter, and POSTs to the path or any sub-path.
 */
public final class BayeuxRoutes {

	private final String path;

	private final RouterFunctions.Builder routes = RouterFunctions.route();

	/**
	 * Start routes for a Bayeux path.
	 * @param path the path, such as {@code /cometd}
	 */
	public BayeuxRoutes(String path) {
		this.path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	/**
	 * Route websocket upgrades of the path to the websocket transport.
	 * @param transport the transport
	 * @param service performs the upgrade
	 * @return this
	 */
	public BayeuxRoutes websocket(WebSocketTransport transport, WebSocketService service) {
		this.routes.GET(this.path, isWebSocketUpgrade(),
				(request) -> service.handleRequest(request.exchange(), transport).then(Mono.<ServerResponse>empty()));
		return this;
	}

	/**
	 * Route JSONP requests to the path and its sub-paths (the CometD client appends the message type,
	 * as for long-polling) to the callback-polling transport.
	 * @param transport the transport
	 * @return this
	 */
	public BayeuxRoutes callbackPolling(CallbackPollingTransport transport) {
		RequestPredicate jsonp = RequestPredicates.queryParam(CallbackPollingTransport.CALLBACK_PARAMETER,
				(value) -> true);
		this.routes.GET(this.path, jsonp, transport).GET(this.path + "/**", jsonp, transport);
		return this;
	}

	/**
	 * Route POSTs to the path and its sub-paths to the long-polling transport.
	 * @param transport the transport
	 * @return this
	 */
	public BayeuxRoutes longPolling(LongPollingTransport transport) {
		this.routes.POST(this.path, transport).POST(this.path + "/**", transport);
		return this;
	}

	/** @return the router function, or {@code null} when no transport was added */
	public @Nullable RouterFunction<ServerResponse> build() {
		try {
			return this.routes.build();
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	private static RequestPredicate isWebSocketUpgrade() {
		return RequestPredicates.headers((headers) -> "websocket".equalsIgnoreCase(headers.firstHeader(HttpHeaders.UPGRADE)));
	}

}
