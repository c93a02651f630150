package io.github.cometdboot.server.transport;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.server.WebSocketService;
import reactor.core.publisher.Mono;

/**
 * Builds the router for the Bayeux path. Every transport shares the one path, so requests are told
 * apart by method, headers and sub-path: a GET that asks for a websocket upgrade, a GET with a
 * {@code jsonp} parameter, POSTs to the path or any sub-path, and the GETs that open streams:
 * {@code <path>/<clientId>} accepting {@code text/event-stream}, {@code <path>/forever-frame/<clientId>}
 * and {@code <path>/multipart/<clientId>}.
 */
public final class BayeuxRoutes {

	private final String path;

	private final RouterFunctions.Builder routes = RouterFunctions.route();

	private @Nullable LongPollingTransport longPolling;

	private @Nullable StreamingTransportSupport streaming;

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
		this.routes.GET(this.path, isWebSocketUpgrade(), (request) -> {
			Mono<ServerResponse> refusal = transport.refuseUpgrade(request);
			return (refusal != null) ? refusal
					: service.handleRequest(request.exchange(), transport.forUpgrade(request))
						.then(Mono.<ServerResponse>empty());
		});
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
		this.longPolling = transport;
		return this;
	}

	/**
	 * Route {@code GET <path>/<clientId>} requests that accept {@code text/event-stream} to the
	 * eventsource transport, and POSTs as for long-polling.
	 * @param transport the transport
	 * @return this
	 */
	public BayeuxRoutes eventSource(EventSourceTransport transport) {
		this.routes.GET(this.path + "/{" + StreamingTransportSupport.CLIENT_ID_VARIABLE + "}", acceptsEventStream(),
				transport);
		this.streaming = transport.support();
		return this;
	}

	/**
	 * Route {@code GET <path>/forever-frame/<clientId>} to the forever-frame transport, and POSTs as for
	 * long-polling.
	 * @param transport the transport
	 * @return this
	 */
	public BayeuxRoutes foreverFrame(ForeverFrameTransport transport) {
		this.routes.GET(streamPath(ForeverFrameTransport.NAME), transport);
		this.streaming = transport.support();
		return this;
	}

	/**
	 * Route {@code GET <path>/multipart/<clientId>} to the multipart transport, and POSTs as for
	 * long-polling.
	 * @param transport the transport
	 * @return this
	 */
	public BayeuxRoutes multipart(MultipartTransport transport) {
		this.routes.GET(streamPath(MultipartTransport.NAME), transport);
		this.streaming = transport.support();
		return this;
	}

	private String streamPath(String connectionType) {
		return this.path + "/" + connectionType + "/{" + StreamingTransportSupport.CLIENT_ID_VARIABLE + "}";
	}

	/**
	 * @return the router function
	 * @throws IllegalStateException when no transport was added
	 */
	public RouterFunction<ServerResponse> build() {
		// POSTs carry long-polling and the requests of the streaming transports, which are processed
		// alike: without long-polling, they are still routed for the streams.
		LongPollingTransport posts = (this.longPolling != null) ? this.longPolling
				: (this.streaming != null) ? new LongPollingTransport(this.streaming.http()) : null;
		if (posts != null) {
			this.routes.POST(this.path, posts).POST(this.path + "/**", posts);
		}
		return this.routes.build();
	}

	/**
	 * An {@code EventSource} always sends {@code Accept: text/event-stream}; a CORS preflight of one
	 * (sent when it adds {@code Last-Event-ID} across origins) carries no such header but must reach the
	 * route for the CORS configuration to answer it.
	 */
	private static RequestPredicate acceptsEventStream() {
		return (request) -> CorsUtils.isPreFlightRequest(request.exchange().getRequest())
				|| request.headers().accept().stream().anyMatch((type) -> type.equalsTypeAndSubtype(MediaType.TEXT_EVENT_STREAM));
	}

	private static RequestPredicate isWebSocketUpgrade() {
		return RequestPredicates.headers((headers) -> "websocket".equalsIgnoreCase(headers.firstHeader(HttpHeaders.UPGRADE)));
	}

}
