package io.github.cometdboot.server.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code multipart}: {@code GET <path>/multipart/<clientId>} answers
 * {@code multipart/x-mixed-replace; boundary=<random>}, whose every part is
 * {@code Content-Type: application/json} with a {@code Content-Length} and a JSON array of messages;
 * the client sends its requests by POST.
 * <p>
 * Each chunk written is one whole part, delimiter first, so a reader knows a part is complete when it
 * has read {@code Content-Length} bytes after the part's headers, without waiting for the next
 * delimiter. The stream opens with an empty array (which commits the response at once), a heartbeat
 * is an empty array too, and the close delimiter ends the response after the maximum duration.
 */
public final class MultipartTransport implements HandlerFunction<ServerResponse> {

	/** The Bayeux connection type. */
	public static final String NAME = "multipart";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final byte[] EMPTY_ARRAY = { '[', ']' };

	private final StreamingTransportSupport support;

	private final StreamingSettings settings;

	/**
	 * Create the transport.
	 * @param support the shared streaming plumbing
	 * @param settings the timing of the responses
	 */
	public MultipartTransport(StreamingTransportSupport support, StreamingSettings settings) {
		this.support = support;
		this.settings = settings;
	}

	/** @return the streaming plumbing, whose POSTs carry the client's requests */
	StreamingTransportSupport support() {
		return this.support;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		// Random, so that no message can contain the delimiter: only this client reads the header.
		String boundary = newBoundary();
		return this.support.withSession(request, (session) -> StreamingTransportSupport
			.ok(new MediaType("multipart", "x-mixed-replace", Map.of("boundary", boundary)))
			.body(StreamingTransportSupport.flushingEach(parts(session, HttpTransportSupport.clientAddress(request), boundary))));
	}

	private Flux<byte[]> parts(ServerSession session, @Nullable String address, String boundary) {
		Flux<byte[]> batches = this.support.stream(session, address, this.settings, null, (batch) -> part(boundary, batch.json()),
				() -> part(boundary, EMPTY_ARRAY));
		return Flux.concat(Mono.just(part(boundary, EMPTY_ARRAY)), batches,
				Mono.just(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
	}

	private static byte[] part(String boundary, byte[] json) {
		String headers = "--" + boundary + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length
				+ "\r\n\r\n";
		ByteArrayOutputStream part = new ByteArrayOutputStream(headers.length() + json.length + 2);
		part.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
		part.writeBytes(json);
		part.writeBytes(new byte[] { '\r', '\n' });
		return part.toByteArray();
	}

	private static String newBoundary() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return "bayeux-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
