package io.github.cometdboot.sample.interop;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A proxy between a Bayeux client and the server that can lose one answer on the way back, as a
 * network that breaks would: an HTTP response is never written (its TCP connection is closed instead),
 * a websocket frame is never written (the websocket is closed instead). The server has sent it and
 * believes it delivered.
 */
final class DroppingProxy implements AutoCloseable {

	private static final int MAX_FRAME = 1 << 20;

	private final int backendPort;

	private final HttpClient backend;

	private final DisposableServer server;

	private final AtomicReference<Predicate<String>> dropNext = new AtomicReference<>();

	private final AtomicInteger dropped = new AtomicInteger();

	DroppingProxy(int backendPort) {
		this.backendPort = backendPort;
		this.backend = HttpClient.create().baseUrl("http://127.0.0.1:" + backendPort);
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::forward).bindNow();
	}

	/** @return the URL of the Bayeux endpoint through this proxy */
	String url() {
		return "http://127.0.0.1:" + this.server.port() + "/cometd";
	}

	/**
	 * Lose the next answer (an HTTP response body or a websocket frame) whose text matches.
	 * @param which what to lose
	 */
	void dropNext(Predicate<String> which) {
		this.dropNext.set(which);
	}

	/** @return how many answers were lost */
	int dropped() {
		return this.dropped.get();
	}

	private boolean drops(String answer) {
		Predicate<String> which = this.dropNext.get();
		if (which != null && which.test(answer) && this.dropNext.compareAndSet(which, null)) {
			this.dropped.incrementAndGet();
			return true;
		}
		return false;
	}

	private Publisher<Void> forward(HttpServerRequest request, HttpServerResponse response) {
		if (request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
			return response.sendWebsocket((in, out) -> websocket(request.uri(), in, out),
					WebsocketServerSpec.builder().maxFramePayloadLength(MAX_FRAME).build());
		}
		return request.receive()
			.aggregate()
			.asString()
			.defaultIfEmpty("")
			.flatMap((body) -> this.backend.headers((headers) -> copy(request.requestHeaders(), headers))
				.request(request.method())
				.uri(request.uri())
				.send(ByteBufFlux.fromString(Mono.just(body)))
				.responseSingle((answer, content) -> content.asString()
					.defaultIfEmpty("")
					.flatMap((text) -> answer(answer, text, response))));
	}

	private Mono<Void> answer(HttpClientResponse answer, String text, HttpServerResponse response) {
		if (drops(text)) {
			return Mono.fromRunnable(() -> response.withConnection(Connection::dispose));
		}
		response.status(answer.status());
		copy(answer.responseHeaders(), response.responseHeaders());
		return response.sendString(Mono.just(text)).then();
	}

	private Publisher<Void> websocket(String uri, WebsocketInbound in, WebsocketOutbound out) {
		return HttpClient.create()
			.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build())
			.uri("ws://127.0.0.1:" + this.backendPort + uri)
			.handle((backendIn, backendOut) -> {
				Mono<Void> up = backendOut.sendString(in.aggregateFrames(MAX_FRAME).receive().asString()).then();
				Mono<Void> down = out.sendString(backendIn.aggregateFrames(MAX_FRAME).receive().asString()
					.handle((frame, sink) -> {
						if (drops(frame)) {
							sink.error(new IOException("frame lost on purpose"));
						}
						else {
							sink.next(frame);
						}
					}))
					.then();
				return Mono.firstWithSignal(up, down);
			})
			.then();
	}

	private static void copy(HttpHeaders from, HttpHeaders to) {
		to.set(from);
		to.remove(HttpHeaderNames.HOST);
		to.remove(HttpHeaderNames.CONTENT_LENGTH);
		to.remove(HttpHeaderNames.TRANSFER_ENCODING);
		to.remove(HttpHeaderNames.CONNECTION);
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
