package io.github.cometdboot.server.transport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.transport.StreamReplay.StreamedBatch;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * What the streaming transports (eventsource, forever-frame, multipart) share: the session named in
 * the path, and the stream of its messages.
 * <p>
 * A client of these transports sends its requests by POST, exactly as over long-polling, with
 * {@code connectionType} set to the streaming type on {@code /meta/connect} (see
 * {@link HttpTransportSupport}); the messages queued for it flow on a response it opened with GET. That
 * response writes one chunk per batch taken from the session's queue, heartbeats only while nothing
 * else was written, ends after the configured maximum duration, and lets go of everything when the
 * client goes away: the messages not yet taken stay in the session's queue for the next connection,
 * whatever its transport.
 */
public final class StreamingTransportSupport {

	/** The path variable that holds the client id. */
	public static final String CLIENT_ID_VARIABLE = "clientId";

	private final HttpTransportSupport http;

	private final AtomicInteger openStreams = new AtomicInteger();

	/**
	 * Create the support.
	 * @param http the shared HTTP plumbing, through which the clients' POSTs are processed
	 */
	public StreamingTransportSupport(HttpTransportSupport http) {
		this.http = http;
	}

	/** @return the shared HTTP plumbing */
	public HttpTransportSupport http() {
		return this.http;
	}

	/** @return how many streaming responses are open right now, over every streaming transport */
	public int openStreams() {
		return this.openStreams.get();
	}

	/**
	 * Open a stream for the session named by the {@code clientId} path variable, or answer 404 with
	 * {@code 402::session_unknown} when there is none, or when it belongs to another browser: the client
	 * handshakes again after its next POST tells it the same.
	 * @param request the request
	 * @param open writes the response for the session
	 * @return the response
	 */
	Mono<ServerResponse> withSession(ServerRequest request,
			Function<ServerSession, Mono<ServerResponse>> open) {
		ServerSession session = this.http.server().sessions().find(request.pathVariable(CLIENT_ID_VARIABLE));
		if (session == null || session.isEnded() || !this.http.isOwnedBy(session, request)) {
			return this.http.error(HttpStatus.NOT_FOUND, BayeuxError.SESSION_UNKNOWN);
		}
		if (this.http.connections().refuses(HttpTransportSupport.clientAddress(request))) {
			return this.http.tooManyConnections();
		}
		return open.apply(session);
	}

	/**
	 * The chunks of a streaming response: a batch of messages as soon as they are queued, a heartbeat
	 * when a heartbeat period passed without a batch, until the maximum duration, the end of the session
	 * or another connection taking the session's messages over.
	 * @param <T> the type of a chunk
	 * @param session the session
	 * @param address the client's address, whose share of the connections the stream takes
	 * @param settings the timing
	 * @param resumeAfter the number of the last batch the client received on an earlier stream, to send
	 * the later ones again first; {@code null} for a new stream
	 * @param batch writes a numbered batch
	 * @param heartbeat writes a heartbeat
	 * @return the chunks, each to be flushed as it is written
	 */
	<T> Flux<T> stream(ServerSession session, @Nullable String address, StreamingSettings settings, @Nullable Long resumeAfter,
			Function<StreamedBatch, T> batch, Supplier<T> heartbeat) {
		BayeuxServer server = this.http.server();
		return Flux.defer(() -> {
			StreamReplay replay = StreamReplay.of(session, server.settings().maxQueue());
			AtomicLong lastWrite = new AtomicLong(server.now());
			Sinks.Empty<Void> done = Sinks.empty();
			// A batch is numbered and kept when it leaves the queue, before it is written: if the
			// connection breaks with it in flight, a stream re-opened with its predecessor's number gets it.
			// The kept batches are read just before this stream takes the queue over from an older one, so
			// a batch that the older one takes in between is only sent by it (and kept for a later resume).
			Flux<StreamedBatch> replayed = (resumeAfter != null)
					? Flux.defer(() -> Flux.fromIterable(replay.after(resumeAfter))) : Flux.empty();
			Flux<StreamedBatch> live = session.outbound()
				.map((messages) -> replay.record(EncodedMessage.toJsonArray(messages), messages.size()));
			Flux<T> batches = Flux.concat(replayed, live)
				.doOnNext((next) -> lastWrite.set(server.now()))
				.map(batch)
				// Runs once, so the only emission to this sink always succeeds.
				.doFinally((signal) -> done.tryEmitEmpty());
			long period = settings.heartbeat().toMillis();
			Flux<T> heartbeats = Flux.interval(settings.heartbeat(), server.scheduler())
				.filter((tick) -> server.now() - lastWrite.get() >= period)
				.map((tick) -> heartbeat.get())
				.takeUntilOther(done.asMono());
			return Flux.merge(batches, heartbeats)
				.take(settings.maxDuration(), server.scheduler())
				.doOnSubscribe((subscription) -> {
					this.openStreams.incrementAndGet();
					this.http.connections().openAdmitted(address);
				})
				.doFinally((signal) -> {
					this.openStreams.decrementAndGet();
					this.http.connections().close(address);
				});
		});
	}

	/**
	 * The head of every stream: never cached (each stream is one client's), and never sniffed as
	 * another content type than the one given, since its chunks hold whatever the clients published.
	 * @param contentType the stream's content type
	 * @return the response builder, for the body
	 */
	static ServerResponse.BodyBuilder ok(MediaType contentType) {
		return ServerResponse.ok()
			.contentType(contentType)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.header("X-Content-Type-Options", "nosniff");
	}

	/**
	 * A body that writes each chunk and flushes it at once, so that a batch reaches the client while
	 * the response is still open.
	 * @param chunks the chunks
	 * @return the body inserter
	 */
	static BodyInserter<Flux<byte[]>, ReactiveHttpOutputMessage> flushingEach(Flux<byte[]> chunks) {
		return (message, context) -> message
			.writeAndFlushWith(chunks.map((chunk) -> Mono.just(message.bufferFactory().wrap(chunk))));
	}

}
