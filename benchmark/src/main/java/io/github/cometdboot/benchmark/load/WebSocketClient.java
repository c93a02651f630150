package io.github.cometdboot.benchmark.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A {@code websocket} client: one connection carries every request and every delivery, each frame a
 * JSON array. A {@code /meta/connect} is always outstanding as the heartbeat; deliveries are pushed.
 */
public final class WebSocketClient extends WireClient {

	/** The Bayeux connection type. */
	public static final String TYPE = "websocket";

	private static final int MAX_FRAME = 16 * 1024 * 1024;

	private final HttpClient http;

	private final String url;

	// Requests to write; emissions come from the pacer and the event loop, so they are serialised.
	private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.One<Received> handshakeReply = Sinks.one();

	private final Sinks.One<Received> subscribeReply = Sinks.one();

	private final Sinks.One<Received> disconnectReply = Sinks.one();

	private volatile @Nullable Disposable connection;

	/**
	 * @param index the client's index
	 * @param room the room channel
	 * @param ledger the run's books
	 * @param http an HTTP client that opens a new connection for every websocket
	 * @param url the Bayeux URL, {@code ws:} or {@code http:}
	 */
	public WebSocketClient(int index, String room, Ledger ledger, HttpClient http, String url) {
		super(index, room, ledger);
		this.http = http;
		this.url = url.replaceFirst("^http", "ws");
	}

	@Override
	public Mono<Void> start() {
		this.connection = this.http.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build())
			.uri(this.url)
			.handle((in, out) -> {
				in.aggregateFrames(MAX_FRAME).receive().asByteArray().subscribe(this::onFrame, this::onError);
				return out.sendString(this.outbound.asFlux(), StandardCharsets.UTF_8);
			})
			.subscribe(null, this::onError);
		send(Wire.handshake(TYPE));
		return this.handshakeReply.asMono().flatMap((handshake) -> {
			if (handshake.isFailure() || handshake.clientId() == null) {
				return Mono.error(new IllegalStateException("handshake failed: " + handshake));
			}
			clientId(handshake.clientId());
			send(Wire.connect(handshake.clientId(), TYPE, true));
			send(Wire.subscribe(handshake.clientId(), room()));
			return this.subscribeReply.asMono();
		}).flatMap((subscribe) -> subscribe.isFailure()
				? Mono.<Void>error(new IllegalStateException("subscribe failed: " + subscribe)) : Mono.<Void>empty())
			.timeout(REPLY_TIMEOUT);
	}

	private void onFrame(byte[] frame) {
		List<Received> messages = Wire.read(frame);
		onMessages(messages);
		for (Received message : messages) {
			if (message.successful() == null) {
				continue;
			}
			switch (message.channel()) {
				case "/meta/handshake" -> this.handshakeReply.tryEmitValue(message);
				case "/meta/subscribe" -> this.subscribeReply.tryEmitValue(message);
				case "/meta/disconnect" -> this.disconnectReply.tryEmitValue(message);
				case "/meta/connect" -> nextConnect(message);
				default -> {
					// a publish reply: failures were counted by onMessages
				}
			}
		}
	}

	private void nextConnect(Received reply) {
		ledger().connectReplied();
		String id = clientId();
		if (!isRunning() || id == null) {
			return;
		}
		if (reply.isFailure()) {
			// Counted by onMessages; a session the server dropped cannot go on.
			halt();
			return;
		}
		send(Wire.connect(id, TYPE, false));
	}

	private void onError(Throwable ex) {
		// Fail a setup step still waiting for its reply: a connection that never opens must not hang it.
		this.handshakeReply.tryEmitError(ex);
		this.subscribeReply.tryEmitError(ex);
		if (isRunning()) {
			ledger().error("websocket: " + ex);
		}
	}

	@Override
	protected void send(String json) {
		Sinks.EmitResult result;
		synchronized (this.outbound) {
			result = this.outbound.tryEmitNext(json);
		}
		if (result.isFailure()) {
			ledger().error("send: " + result);
		}
	}

	@Override
	public void vanish() {
		halt();
		Disposable current = this.connection;
		if (current != null) {
			current.dispose();
		}
	}

	@Override
	public Mono<Void> stop() {
		halt();
		String id = clientId();
		Mono<Void> disconnected = (id != null)
				? Mono.fromRunnable(() -> send(Wire.disconnect(id))).then(this.disconnectReply.asMono())
					.timeout(Duration.ofSeconds(5))
					.onErrorResume((ex) -> Mono.empty())
					.then()
				: Mono.empty();
		return disconnected.then(Mono.fromRunnable(() -> {
			synchronized (this.outbound) {
				this.outbound.tryEmitComplete();
			}
			Disposable current = this.connection;
			if (current != null) {
				current.dispose();
			}
		}));
	}

}
