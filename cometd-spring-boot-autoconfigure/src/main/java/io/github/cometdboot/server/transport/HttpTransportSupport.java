package io.github.cometdboot.server.transport;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.bayeux.MalformedMessageException;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.MetaChannels;
import io.github.cometdboot.server.ProcessedBatch;
import io.github.cometdboot.server.ServerObserver;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.TransportContext;
import io.github.cometdboot.support.ClientFailureLog;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * The request plumbing every HTTP transport shares: the browser cookie, body limits, decoding, handing
 * the batch to the server, and turning bad input into a clear 4xx with a Bayeux error. It also carries
 * the POSTed requests of the streaming transports, whose connects it tells the server not to answer
 * with messages.
 */
public final class HttpTransportSupport {

	private static final Logger logger = LoggerFactory.getLogger(HttpTransportSupport.class);

	/** How long a request body may take by default: {@code cometd.limits.idle-timeout}'s default. */
	public static final Duration DEFAULT_BODY_WAIT = Duration.ofSeconds(30);

	/** The connection types whose messages flow on a stream opened by GET while requests come by POST. */
	private static final Set<String> STREAMING = Set.of(EventSourceTransport.NAME, ForeverFrameTransport.NAME,
			MultipartTransport.NAME);

	private final BayeuxServer server;

	private final BrowserCookie cookie;

	private final ClientInput input;

	private final ConnectionLimit connections;

	private final Duration bodyWait;

	private final ClientFailureLog hangups = new ClientFailureLog(logger);

	/**
	 * Create the support, with no limit on connections.
	 * @param server the Bayeux server
	 * @param cookie the browser cookie settings
	 */
	public HttpTransportSupport(BayeuxServer server, BrowserCookie cookie) {
		this(server, cookie, new ConnectionLimit(0, server.observer()));
	}

	/**
	 * Create the support.
	 * @param server the Bayeux server
	 * @param cookie the browser cookie settings
	 * @param connections the limit on open connections, shared by every transport
	 */
	public HttpTransportSupport(BayeuxServer server, BrowserCookie cookie, ConnectionLimit connections) {
		this(server, cookie, connections, DEFAULT_BODY_WAIT);
	}

	/**
	 * Create the support.
	 * @param server the Bayeux server
	 * @param cookie the browser cookie settings
	 * @param connections the limit on open connections, shared by every transport
	 * @param bodyWait how long a request body may take to arrive once its head has; a slower one gets
	 * {@code 408} and its connection closed; zero for no limit
	 */
	public HttpTransportSupport(BayeuxServer server, BrowserCookie cookie, ConnectionLimit connections,
			Duration bodyWait) {
		this.server = server;
		this.bodyWait = bodyWait;
		this.cookie = cookie;
		this.input = new ClientInput(server);
		this.connections = connections;
	}

	/** @return the limit on open connections */
	public ConnectionLimit connections() {
		return this.connections;
	}

	/**
	 * A {@code 503} with {@code 503::too_many_connections}, for a connection over the limit.
	 * @return the response
	 */
	public Mono<ServerResponse> tooManyConnections() {
		return error(HttpStatus.SERVICE_UNAVAILABLE, BayeuxError.TOO_MANY_CONNECTIONS);
	}

	/**
	 * Whether a request comes from the browser a session is bound to; a refusal is counted.
	 * @param session the session the request names
	 * @param request the request, with its cookies
	 * @return whether the request may act for the session
	 */
	public boolean isOwnedBy(ServerSession session, ServerRequest request) {
		// As for every HTTP request, no cookie means a browser never seen before.
		String sent = this.cookie.read(request.cookies());
		if (this.input.isOwnedBy(session, (sent != null) ? sent : this.cookie.newBrowserId())) {
			return true;
		}
		this.server.observer().refused(ServerObserver.RefusalReason.BROWSER_MISMATCH);
		return false;
	}

	/** @return the Bayeux server */
	public BayeuxServer server() {
		return this.server;
	}

	/**
	 * Read a request body, refusing one larger than the configured maximum message size or slower to
	 * arrive than the body wait: a client that sends its body a byte at a time would otherwise hold its
	 * connection for as long as it likes.
	 * @param request the request
	 * @return the body bytes, or an error with {@link DataBufferLimitException} or {@link TimeoutException}
	 */
	public Mono<byte[]> readBody(ServerRequest request) {
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), this.server.settings().maxMessageSize())
			.map((buffer) -> {
				try {
					byte[] bytes = new byte[buffer.readableByteCount()];
					buffer.read(bytes);
					return bytes;
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			})
			.defaultIfEmpty(new byte[0])
			.as((body) -> this.bodyWait.isZero() ? body : body.timeout(this.bodyWait, this.server.scheduler()));
	}

	/**
	 * Read and decode a request body, as {@link #readBody(ServerRequest)} reads it.
	 * @param request the request
	 * @return the messages, or an error as {@link #readBody(ServerRequest)}'s, or a
	 * {@link MalformedMessageException}
	 */
	public Mono<List<Message>> readMessages(ServerRequest request) {
		return readBody(request).map(this.input::decode);
	}

	/**
	 * Process decoded messages and write the replies with the given writer, on a {@code 200} response
	 * that sets the browser cookie when the request had none.
	 * @param request the request
	 * @param connectionType the transport's connection type
	 * @param messages the decoded messages; a {@link MalformedMessageException} or
	 * {@link DataBufferLimitException} becomes a 400 or 413 reply
	 * @param writer writes the replies, as one JSON array, with the prepared response builder
	 * @return the response
	 */
	public Mono<ServerResponse> process(ServerRequest request, String connectionType, Mono<List<Message>> messages,
			BiFunction<ServerResponse.BodyBuilder, byte[], Mono<ServerResponse>> writer) {
		// A request holds a connection while it is processed, a held long poll included.
		return Mono.defer(() -> {
			String address = clientAddress(request);
			return this.connections.tryOpen(address)
					? processOpen(request, connectionType, messages, writer)
						.doFinally((signal) -> this.connections.close(address))
					: tooManyConnections();
		});
	}

	private Mono<ServerResponse> processOpen(ServerRequest request, String connectionType,
			Mono<List<Message>> messages, BiFunction<ServerResponse.BodyBuilder, byte[], Mono<ServerResponse>> writer) {
		String existing = this.cookie.read(request.cookies());
		String browserId = (existing != null) ? existing : this.cookie.newBrowserId();
		// The authenticated user (Spring Security, when present, sets it on the exchange) is bound to the
		// session at handshake.
		Mono<Optional<Principal>> principal = request.principal().map(Optional::of).defaultIfEmpty(Optional.empty());
		return messages.zipWith(principal)
			.flatMap((batchAndPrincipal) -> {
				List<Message> batch = batchAndPrincipal.getT1();
				return this.server.process(batch,
						context(batch, connectionType, browserId, batchAndPrincipal.getT2().orElse(null),
								clientAddress(request)));
			})
			.map(ProcessedBatch::toJsonArray)
			.flatMap((json) -> {
				ServerResponse.BodyBuilder ok = ServerResponse.ok().header(HttpHeaders.CACHE_CONTROL, "no-store");
				if (existing == null) {
					ok.cookie(this.cookie.toResponseCookie(browserId));
				}
				return writer.apply(ok, json);
			})
			.onErrorResume(DataBufferLimitException.class,
					(ex) -> tooLarge())
			.onErrorResume(TimeoutException.class, (ex) -> tooSlow())
			.onErrorResume(MalformedMessageException.class,
					(ex) -> error(HttpStatus.BAD_REQUEST, BayeuxError.MESSAGE_INVALID))
			.onErrorResume(DisconnectedClientHelper::isClientDisconnectedException, (ex) -> clientGone(request, ex));
	}

	/**
	 * A client that hangs up, mid-body or before its reply, is no failure of the server: nobody is left
	 * to answer, and the web server would otherwise log a 500 with a stack trace at ERROR.
	 */
	private Mono<ServerResponse> clientGone(ServerRequest request, Throwable ex) {
		this.hangups.debug(ex, "{} {}: the client closed the connection", request.method(), request.path());
		return Mono.empty();
	}

	/**
	 * The context of a batch. The requests of a streaming transport come by POST like long-polling's,
	 * but the messages for the client flow on the stream it opened: a {@code /meta/connect} naming an
	 * enabled streaming connection type is held as a heartbeat and never carries them.
	 */
	private TransportContext context(List<Message> batch, String connectionType, @Nullable String browserId,
			@Nullable Principal principal, @Nullable String clientAddress) {
		String streaming = streamingConnectionType(batch);
		return (streaming != null) ? new TransportContext(streaming, browserId, true, principal, clientAddress)
				: new TransportContext(connectionType, browserId, false, principal, clientAddress);
	}

	/**
	 * The IP address of a client, as the server sees it: behind a proxy, WebFlux puts the client's own
	 * there when told to trust forwarded headers ({@code server.forward-headers-strategy}).
	 * @param remote the remote address of the request, if known
	 * @return the address, or {@code null}
	 */
	static @Nullable String clientAddress(ServerRequest request) {
		return clientAddress(request.remoteAddress().orElse(null));
	}

	/**
	 * The IP address of a client, as the server sees it.
	 * @param remote the remote address of the request, if known
	 * @return the address, or {@code null}
	 */
	static @Nullable String clientAddress(@Nullable InetSocketAddress remote) {
		if (remote == null) {
			return null;
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

	/**
	 * The streaming connection type a batch belongs to: named by its {@code /meta/connect} or, in a
	 * batch without one, the one the session connected with last.
	 */
	private @Nullable String streamingConnectionType(List<Message> batch) {
		for (Message message : batch) {
			if (MetaChannels.CONNECT.equals(message.channel())) {
				String type = message.string(Message.CONNECTION_TYPE);
				return (type != null && isEnabledStreaming(type)) ? type : null;
			}
		}
		ServerSession session = batch.isEmpty() ? null : this.server.sessions().find(batch.get(0).clientId());
		return (session != null && isEnabledStreaming(session.transport())) ? session.transport() : null;
	}

	private boolean isEnabledStreaming(String connectionType) {
		return STREAMING.contains(connectionType) && this.server.connectionTypes().contains(connectionType);
	}

	/**
	 * A body of bytes written as they are: the bytes are already the wire format, so no message writer
	 * needs to be looked up for them on every request.
	 * @param bytes the body
	 * @return the body inserter
	 */
	public static BodyInserter<byte[], ReactiveHttpOutputMessage> bytes(byte[] bytes) {
		return (message, context) -> {
			message.getHeaders().setContentLength(bytes.length);
			return message.writeWith(Mono.just(message.bufferFactory().wrap(bytes)));
		};
	}

	/**
	 * A {@code 408} with {@code 408::request_timeout} for a body that did not arrive in time, closing
	 * the connection.
	 */
	private Mono<ServerResponse> tooSlow() {
		return closingError(HttpStatus.REQUEST_TIMEOUT, BayeuxError.REQUEST_TIMEOUT);
	}

	/**
	 * A {@code 413} for a request over the maximum message size, counted as a dropped message. The
	 * response closes the connection: the rest of the body is never read, where keeping the connection
	 * would make the server read (and throw away) however much more the client sends.
	 * @return the response
	 */
	public Mono<ServerResponse> tooLarge() {
		this.input.countTooLarge();
		return closingError(HttpStatus.CONTENT_TOO_LARGE, BayeuxError.MESSAGE_TOO_LARGE);
	}

	/** An error response after which the web server closes the connection. */
	private Mono<ServerResponse> closingError(HttpStatus status, String error) {
		return errorResponse(status, error).header(HttpHeaders.CONNECTION, "close")
			.body(bytes(this.input.error(error)));
	}

	/**
	 * An error response whose body is a one-message Bayeux array.
	 * @param status the HTTP status
	 * @param error the Bayeux error string
	 * @return the response
	 */
	public Mono<ServerResponse> error(HttpStatus status, String error) {
		return error(this.server.codec(), status, error);
	}

	/**
	 * An error response whose body is a one-message Bayeux array, for any transport.
	 * @param codec the codec that encodes the body
	 * @param status the HTTP status
	 * @param error the Bayeux error string
	 * @return the response
	 */
	static Mono<ServerResponse> error(MessageCodec codec, HttpStatus status, String error) {
		return errorResponse(status, error).body(bytes(codec.encodeError(error)));
	}

	private static ServerResponse.BodyBuilder errorResponse(HttpStatus status, String error) {
		logger.debug("Refused request: {} {}", status, error);
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-store");
	}

}
