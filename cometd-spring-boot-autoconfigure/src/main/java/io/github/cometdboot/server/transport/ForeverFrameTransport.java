package io.github.cometdboot.server.transport;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code forever-frame}: a hidden iframe loads {@code GET <path>/forever-frame/<clientId>?callback=<name>}
 * and receives a {@code text/html} document that never ends, one {@code <script>} block per batch
 * calling {@code parent.<name>([...])}; the client sends its requests by POST.
 * <p>
 * The document starts with over a kilobyte of padding, which browsers want before they render a
 * streamed document as it arrives; a heartbeat calls the callback with an empty array; after the
 * maximum duration the document is closed, the frame's {@code load} event fires and the page opens a
 * new one. A page on another origin (one that {@code cometd.cors} allows) cannot call into the frame's
 * parent: it adds {@code origin=<its origin>} and receives each array by {@code postMessage}.
 * <p>
 * Nothing of the request is written into the document unchecked: the callback must be a dotted
 * JavaScript name that is also a valid JSONP callback, the origin must be an allowed origin, and the
 * JSON is made script-safe ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \}{@code uXXXX}
 * escapes), so that no message can end the script block.
 */
public final class ForeverFrameTransport implements HandlerFunction<ServerResponse> {

	/** The Bayeux connection type. */
	public static final String NAME = "forever-frame";

	/** The query parameter naming the function of the parent window to call. */
	public static final String CALLBACK_PARAMETER = "callback";

	/** The query parameter with the origin of a parent page that receives the batches by postMessage. */
	public static final String ORIGIN_PARAMETER = "origin";

	/** How many bytes of padding open the document. */
	static final int PADDING = 1024;

	private static final Pattern ORIGIN = Pattern.compile("https?://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private static final byte[] EMPTY_ARRAY = { '[', ']' };

	private final StreamingTransportSupport support;

	private final StreamingSettings settings;

	private final @Nullable CorsConfiguration cors;

	/**
	 * Create the transport.
	 * @param support the shared streaming plumbing
	 * @param settings the timing of the responses
	 * @param cors the cross-origin configuration of the Bayeux path, which decides the origins that may
	 * receive the batches by postMessage; {@code null} allows none
	 */
	public ForeverFrameTransport(StreamingTransportSupport support, StreamingSettings settings,
			@Nullable CorsConfiguration cors) {
		this.support = support;
		this.settings = settings;
		this.cors = cors;
	}

	/**
	 * Whether a name may be called in the parent window.
	 * @param callback the requested name
	 * @return whether it is safe to write into the script
	 */
	public static boolean isValidCallback(String callback) {
		return CallbackName.isFunction(callback);
	}

	/** @return the streaming plumbing, whose POSTs carry the client's requests */
	StreamingTransportSupport support() {
		return this.support;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		HttpTransportSupport http = this.support.http();
		@Nullable String origin = request.queryParam(ORIGIN_PARAMETER).orElse(null);
		Call call;
		String frameAncestors;
		if (origin != null) {
			if (!isAllowedOrigin(origin)) {
				return http.error(HttpStatus.FORBIDDEN, BayeuxError.ORIGIN_NOT_ALLOWED);
			}
			call = new Call("parent.postMessage(", ",\"" + origin + "\");");
			frameAncestors = origin;
		}
		else {
			String callback = CallbackName.of(request, CALLBACK_PARAMETER, true).orElse(null);
			if (callback == null) {
				return http.error(HttpStatus.BAD_REQUEST, BayeuxError.CALLBACK_INVALID);
			}
			call = new Call("parent." + callback + "(", ");");
			frameAncestors = "'self'";
		}
		return this.support.withSession(request, (session) -> StreamingTransportSupport.ok(HTML)
			// Only the page that asked may frame the document.
			.header("Content-Security-Policy", "frame-ancestors " + frameAncestors)
			.body(StreamingTransportSupport.flushingEach(document(session, HttpTransportSupport.clientAddress(request), call))));
	}

	private Flux<byte[]> document(ServerSession session, @Nullable String address, Call call) {
		Flux<byte[]> scripts = this.support.stream(session, address, this.settings, null, (batch) -> script(call, batch.json()),
				() -> script(call, EMPTY_ARRAY));
		return Flux.concat(Mono.just(preamble()), scripts, Mono.just(ascii("</body></html>")));
	}

	private boolean isAllowedOrigin(String origin) {
		return ORIGIN.matcher(origin).matches() && this.cors != null && this.cors.checkOrigin(origin) != null;
	}

	private static byte[] preamble() {
		StringBuilder html = new StringBuilder(PADDING + 128);
		html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Bayeux</title></head><body>\n<!--");
		html.append(" ".repeat(PADDING));
		html.append("-->\n");
		return ascii(html.toString());
	}

	private static byte[] script(Call call, byte[] json) {
		return ("<script>" + call.prefix() + scriptSafe(json) + call.suffix() + "</script>\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * JSON that can sit in a script block: {@code <} and {@code >} can only occur inside strings, where
	 * their escapes mean the same, so {@code </script>} and {@code <!--} can never appear.
	 */
	static String scriptSafe(byte[] json) {
		String text = new String(json, StandardCharsets.UTF_8);
		StringBuilder safe = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> safe.append("\\u003c");
				case '>' -> safe.append("\\u003e");
				case '&' -> safe.append("\\u0026");
				case '\u2028' -> safe.append("\\u2028");
				case '\u2029' -> safe.append("\\u2029");
				default -> safe.append(c);
			}
		}
		return safe.toString();
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * The statement each script block runs, around the JSON array.
	 */
	private record Call(String prefix, String suffix) {

	}

}
