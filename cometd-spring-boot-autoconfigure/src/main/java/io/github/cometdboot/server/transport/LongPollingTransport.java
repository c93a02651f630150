package io.github.cometdboot.server.transport;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code long-polling}: the client POSTs a JSON array of messages (to the Bayeux path or any sub-path:
 * the CometD JavaScript client appends {@code /handshake}, {@code /connect}, ...) and receives a JSON
 * array of replies. A {@code /meta/connect} response is held until messages arrive or the timeout
 * runs out.
 */
public final class LongPollingTransport implements HandlerFunction<ServerResponse> {

	/** The Bayeux connection type. */
	public static final String NAME = "long-polling";

	private final HttpTransportSupport support;

	/**
	 * Create the transport.
	 * @param support the shared HTTP plumbing
	 */
	public LongPollingTransport(HttpTransportSupport support) {
		this.support = support;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		return this.support.process(request, NAME, this.support.readMessages(request),
				(response, json) -> response.contentType(MediaType.APPLICATION_JSON)
					.body(HttpTransportSupport.bytes(json)));
	}

}
