package io.github.cometdboot.server.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.transport.StreamReplay.StreamedBatch;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code eventsource}, as the Faye client speaks it: an {@code EventSource} opened with
 * {@code GET <path>/<clientId>} receives server-sent events whose {@code data} is a JSON array of
 * messages, while the client sends its requests by POST.
 * <p>
 * The stream starts with a {@code retry} field (the delay before the browser reconnects), every batch
 * carries an {@code id}, and a reconnect that sends {@code Last-Event-ID} first receives again the
 * batches after that one. Heartbeats are SSE comments, written only while nothing else is.
 */
public final class EventSourceTransport implements HandlerFunction<ServerResponse> {

	/** The Bayeux connection type. */
	public static final String NAME = "eventsource";

	/** The header with which a reconnecting {@code EventSource} names the last event it received. */
	public static final String LAST_EVENT_ID = "Last-Event-ID";

	private final StreamingTransportSupport support;

	private final StreamingSettings settings;

	private final Duration retry;

	/**
	 * Create the transport.
	 * @param support the shared streaming plumbing
	 * @param settings the timing of the responses
	 * @param retry how long the browser waits before it reconnects a stream that ended
	 */
	public EventSourceTransport(StreamingTransportSupport support, StreamingSettings settings, Duration retry) {
		this.support = support;
		this.settings = settings;
		this.retry = retry;
	}

	/** @return the streaming plumbing, whose POSTs carry the client's requests */
	StreamingTransportSupport support() {
		return this.support;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		@Nullable Long resumeAfter = lastEventId(request);
		return this.support.withSession(request, (session) -> StreamingTransportSupport.ok(MediaType.TEXT_EVENT_STREAM)
			.body(BodyInserters.fromServerSentEvents(events(session, HttpTransportSupport.clientAddress(request), resumeAfter))));
	}

	private Flux<ServerSentEvent<String>> events(ServerSession session, @Nullable String address,
			@Nullable Long resumeAfter) {
		// The first event is written at once: it commits the response, which fires the EventSource's
		// open event that the Faye client waits for before it uses the transport.
		ServerSentEvent<String> opening = ServerSentEvent.<String>builder().retry(this.retry).build();
		return this.support.stream(session, address, this.settings, resumeAfter, EventSourceTransport::event,
				() -> ServerSentEvent.<String>builder().comment("heartbeat").build())
			.startWith(opening);
	}

	private static ServerSentEvent<String> event(StreamedBatch batch) {
		return ServerSentEvent.builder(new String(batch.json(), StandardCharsets.UTF_8))
			.id(Long.toString(batch.id()))
			.build();
	}

	private static @Nullable Long lastEventId(ServerRequest request) {
		String value = request.headers().firstHeader(LAST_EVENT_ID);
		if (value == null) {
			return null;
		}
		try {
			long id = Long.parseLong(value.trim());
			return (id >= 0) ? id : null;
		}
		catch (NumberFormatException ex) {
			// Not one of ours: a new stream.
			return null;
		}
	}

}
