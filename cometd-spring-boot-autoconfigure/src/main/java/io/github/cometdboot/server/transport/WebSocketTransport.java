package io.github.cometdboot.server.transport;

import java.util.ArrayList;
import java.util.List;

import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.bayeux.MalformedMessageException;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.BrowserBinding;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.MetaChannels;
import io.github.cometdboot.server.ProcessedBatch;
import io.github.cometdboot.server.ServerObserver;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.TransportContext;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * {@code websocket}: every text frame is a JSON array of messages, in both directions. Replies are
 * written as their requests are processed; queued messages are pushed as they arrive, several to a
 * frame when they queue up; a {@code /meta/connect} is held as a heartbeat and does not delay
 * anything else on the connection.
 */
public final class WebSocketTransport implements WebSocketHandler {

	/** The Bayeux connection type. */
	public static final String NAME = "websocket";

	private final BayeuxServer server;

	private final BrowserCookie cookie;

	private final ClientInput input;

	private final OriginCheck origins;

	private final ConnectionLimit connections;

	private final boolean requireBrowserCookie;

	/**
	 * Create the transport that accepts upgrades from its own origin only, with no connection limit.
	 * @param server the Bayeux server
	 * @param cookie the browser cookie settings
	 */
	public WebSocketTransport(BayeuxServer server, BrowserCookie cookie) {
		this(server, cookie, OriginCheck.sameOrigin(), new ConnectionLimit(0, server.observer()));
	}

	/**
	 * Create the transport that counts a connection whose upgrade carried no browser cookie as a browser
	 * of its own.
	 * @param server the Bayeux server
	 * @param cookie the browser cookie settings
	 * @param origins the origins whose pages may open a websocket
	 * @param connections the limit on open connections, shared with the HTTP transports
	 */
	public WebSocketTransport(BayeuxServer server, BrowserCookie cookie, OriginCheck origins,
			ConnectionLimit connections) {
		this(server, cookie, origins, connections, true);
	}

	/**
	 * Create the transport.
	 * @param server the Bayeux server
	 * @param cookie the browser cookie settings
	 * @param origins the origins whose pages may open a websocket
	 * @param connections the limit on open connections, shared with the HTTP transports
	 * @param requireBrowserCookie whether a connection whose upgrade carried no browser cookie counts as
	 * a browser of its own (it can act only for the sessions it makes), rather than being trusted with
	 * the {@code clientId}s it names as CometD does (which lets anyone who learns a {@code clientId}
	 * take its session over)
	 */
	public WebSocketTransport(BayeuxServer server, BrowserCookie cookie, OriginCheck origins,
			ConnectionLimit connections, boolean requireBrowserCookie) {
		this.requireBrowserCookie = requireBrowserCookie;
		this.server = server;
		this.cookie = cookie;
		this.input = new ClientInput(server);
		this.origins = origins;
		this.connections = connections;
	}

	/**
	 * Check an upgrade request before the upgrade: a page of another origin gets {@code 403}, and a
	 * request over the connection limit {@code 503}, both with a Bayeux error body.
	 * @param request the upgrade request
	 * @return the refusal, or {@code null} to upgrade
	 */
	public @Nullable Mono<ServerResponse> refuseUpgrade(ServerRequest request) {
		if (!this.origins.allows(request.exchange().getRequest())) {
			this.server.observer().refused(ServerObserver.RefusalReason.ORIGIN);
			return HttpTransportSupport.error(this.server.codec(), HttpStatus.FORBIDDEN, BayeuxError.ORIGIN_NOT_ALLOWED);
		}
		if (this.connections.refuses(HttpTransportSupport.clientAddress(request))) {
			return HttpTransportSupport.error(this.server.codec(), HttpStatus.SERVICE_UNAVAILABLE,
					BayeuxError.TOO_MANY_CONNECTIONS);
		}
		return null;
	}

	/**
	 * The handler for one upgrade request. When the browser cookie is required and the request has
	 * none, the connection becomes a new browser whose cookie the upgrade response sets: a client that
	 * keeps cookies (a browser, the CometD Java client) sends it with its next upgrade or HTTP request,
	 * so its session survives a reconnect, while a {@code clientId} taken from elsewhere stays useless.
	 * @param request the upgrade request, which passed {@link #refuseUpgrade(ServerRequest)}
	 * @return the handler of the connection
	 */
	public WebSocketHandler forUpgrade(ServerRequest request) {
		String sent = this.cookie.read(request.cookies());
		if (sent != null || !this.requireBrowserCookie) {
			return this;
		}
		String browserId = this.cookie.newBrowserId();
		request.exchange().getResponse().addCookie(this.cookie.toResponseCookie(browserId));
		return (webSocket) -> handle(webSocket, browserId);
	}

	@Override
	public Mono<Void> handle(WebSocketSession webSocket) {
		String sent = this.cookie.read(webSocket.getHandshakeInfo().getCookies());
		return handle(webSocket, (sent == null && this.requireBrowserCookie) ? this.cookie.newBrowserId() : sent);
	}

	private Mono<Void> handle(WebSocketSession webSocket, @Nullable String browserId) {
		String address = HttpTransportSupport.clientAddress(webSocket.getHandshakeInfo().getRemoteAddress());
		this.connections.openAdmitted(address);
		return handleOpen(webSocket, browserId, address).doFinally((signal) -> this.connections.close(address));
	}

	private Mono<Void> handleOpen(WebSocketSession webSocket, @Nullable String browserId, @Nullable String address) {
		return webSocket.getHandshakeInfo()
			.getPrincipal()
			.map((principal) -> new TransportContext(NAME, browserId, true, principal, address))
			.defaultIfEmpty(new TransportContext(NAME, browserId, true, null, address))
			.flatMap((context) -> handle(webSocket, context));
	}

	private Mono<Void> handle(WebSocketSession webSocket, TransportContext context) {
		Connection connection = new Connection();
		// When the client goes, the connection closes and the connects it holds end with it.
		Flux<byte[]> replies = webSocket.receive()
			.onErrorResume(WebSocketTransport::isMessageTooBig, (ex) -> closeTooBig(webSocket))
			.concatMap((frame) -> onFrame(frame, context, connection))
			.doFinally((signal) -> connection.close())
			.flatMap((reply) -> reply.takeUntilOther(connection.closed()), Integer.MAX_VALUE);
		Flux<byte[]> pushed = connection.sessions()
			.switchMap(ServerSession::outbound)
			.map(EncodedMessage::toJsonArray)
			.takeUntilOther(connection.closed());
		return webSocket.send(Flux.merge(replies, pushed)
			.map((json) -> new WebSocketMessage(WebSocketMessage.Type.TEXT, webSocket.bufferFactory().wrap(json))));
	}

	/**
	 * Whether the inbound failed because a message was larger than the limit. Reactor Netty joins the
	 * frames of a fragmented message and fails the inbound with Netty's {@code TooLongFrameException}
	 * when they exceed the limit; left to propagate, the error would close the socket with 1002
	 * (protocol error). The class is matched by name because Netty is absent on other servers.
	 */
	private static boolean isMessageTooBig(Throwable ex) {
		for (Class<?> type = ex.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals("io.netty.handler.codec.TooLongFrameException")) {
				return true;
			}
		}
		return false;
	}

	/** Close with 1009, as an oversized single frame is, and count the message as dropped. */
	private Mono<WebSocketMessage> closeTooBig(WebSocketSession webSocket) {
		this.input.countTooLarge();
		return webSocket.close(CloseStatus.TOO_BIG_TO_PROCESS).then(Mono.empty());
	}

	/**
	 * Process one frame. Its non-connect messages are processed before the next frame is read, which
	 * keeps a client's publishes in order; its connects are returned unsubscribed so that a held
	 * connect never blocks the frames that follow.
	 */
	private Flux<Mono<byte[]>> onFrame(WebSocketMessage frame, TransportContext context, Connection connection) {
		List<Message> messages;
		try {
			messages = decode(frame);
		}
		catch (MalformedMessageException ex) {
			return Flux.just(Mono.just(error(BayeuxError.MESSAGE_INVALID)));
		}
		if (messages == null) {
			return Flux.just(Mono.just(error(BayeuxError.MESSAGE_TOO_LARGE)));
		}
		List<Message> connects = new ArrayList<>();
		List<Message> others = new ArrayList<>();
		for (Message message : messages) {
			connection.bind(ownedSession(message, context));
			(MetaChannels.CONNECT.equals(message.channel()) ? connects : others).add(message);
		}
		Flux<Mono<byte[]>> now = others.isEmpty() ? Flux.empty()
				: this.server.process(others, context).map((batch) -> Mono.just(replyFrame(batch, connection))).flux();
		Flux<Mono<byte[]>> later = Flux.fromIterable(connects)
			.map((connect) -> this.server.process(List.of(connect), context).map((batch) -> replyFrame(batch, connection)));
		return now.concatWith(later);
	}

	/**
	 * The live session a message names, if it belongs to the browser of the upgrade request: a
	 * {@code clientId} alone must not attach another browser's messages to this connection.
	 */
	private @Nullable ServerSession ownedSession(Message message, TransportContext context) {
		return this.input.ownedSession(message.clientId(), context.browserId());
	}

	/** @return the frame's messages, or {@code null} when it is over the size limit */
	private @Nullable List<Message> decode(WebSocketMessage frame) {
		if (this.input.isTooLarge(frame.getPayload().readableByteCount())) {
			return null;
		}
		byte[] bytes = new byte[frame.getPayload().readableByteCount()];
		frame.getPayload().read(bytes);
		return this.input.decode(bytes);
	}

	private static byte[] replyFrame(ProcessedBatch batch, Connection connection) {
		connection.bind(batch.session());
		return batch.toJsonArray();
	}

	private byte[] error(String error) {
		return this.input.error(error);
	}

	/**
	 * The Bayeux session a websocket connection carries: bound by the first message that names a live
	 * session (or the handshake reply that creates it), re-bound after a re-handshake.
	 */
	private static final class Connection {

		private final Sinks.Many<ServerSession> sessions = Sinks.many().replay().latest();

		private final Sinks.Empty<Void> closed = Sinks.empty();

		private @Nullable ServerSession current;

		synchronized void bind(@Nullable ServerSession session) {
			if (session == null || session == this.current || session.isEnded()) {
				return;
			}
			Sinks.EmitResult result = this.sessions.tryEmitNext(session);
			if (result == Sinks.EmitResult.FAIL_TERMINATED) {
				// The connection closed while the frame that names the session was processed: nothing
				// will be pushed here any more, and its messages stay queued for the client's next
				// connection. Not bound, so that the session is not taken for this connection's.
				return;
			}
			// Emissions and the completion are serialized by this monitor, and a replay sink neither
			// overflows nor needs a subscriber: any other failure is a bug, which must not leave a live
			// connection silently without its pushes. Thrown, it fails the frame and closes the
			// connection; the client reconnects.
			result.orThrow();
			this.current = session;
		}

		Flux<ServerSession> sessions() {
			return this.sessions.asFlux();
		}

		Mono<Void> closed() {
			return this.closed.asMono();
		}

		void close() {
			this.closed.tryEmitEmpty();
			synchronized (this) {
				this.sessions.tryEmitComplete();
			}
		}

	}

}
