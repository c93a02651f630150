package io.github.cometdboot.server.transport;

import java.nio.charset.StandardCharsets;

import io.github.cometdboot.bayeux.BayeuxError;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code callback-polling} (JSONP): {@code GET <path>?jsonp=<callback>&message=<JSON array>} answered
 * with {@code text/javascript} calling the callback with the replies.
 * <p>
 * The callback name is the one piece of request input written into a script, so it must match
 * {@code ^[a-zA-Z0-9._-]+$} and be at most 64 characters; anything else is refused with 400. The JSON
 * escapes U+2028 and U+2029, which older engines reject inside script string literals, and the body
 * starts with an empty comment so it can never be sniffed as another content type.
 */
public final class CallbackPollingTransport implements HandlerFunction<ServerResponse> {

	/** The Bayeux connection type. */
	public static final String NAME = "callback-polling";

	/** The query parameter naming the callback. */
	public static final String CALLBACK_PARAMETER = "jsonp";

	/** The query parameter carrying the messages. */
	public static final String MESSAGE_PARAMETER = "message";

	private static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

	private final HttpTransportSupport support;

	/**
	 * Create the transport.
	 * @param support the shared HTTP plumbing
	 */
	public CallbackPollingTransport(HttpTransportSupport support) {
		this.support = support;
	}

	/**
	 * Whether a name may be used as a JSONP callback.
	 * @param callback the requested name
	 * @return whether it is safe to write into the script
	 */
	public static boolean isValidCallback(String callback) {
		return CallbackName.isJsonp(callback);
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		String callback = CallbackName.of(request, CALLBACK_PARAMETER, false).orElse(null);
		if (callback == null) {
			return this.support.error(HttpStatus.BAD_REQUEST, BayeuxError.CALLBACK_INVALID);
		}
		String message = request.queryParam(MESSAGE_PARAMETER).orElse("");
		if (message.length() > this.support.server().settings().maxMessageSize()) {
			return this.support.tooLarge();
		}
		return this.support.process(request, NAME,
				Mono.fromCallable(() -> this.support.server().codec().decode(message)),
				(response, json) -> response.contentType(JAVASCRIPT)
					.header("X-Content-Type-Options", "nosniff")
					.body(HttpTransportSupport.bytes(script(callback, json))));
	}

	private static byte[] script(String callback, byte[] json) {
		String body = new String(json, StandardCharsets.UTF_8).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
		return ("/**/" + callback + "(" + body + ");").getBytes(StandardCharsets.UTF_8);
	}

}
