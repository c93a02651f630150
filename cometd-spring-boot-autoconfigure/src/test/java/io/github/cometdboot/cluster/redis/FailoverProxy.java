package io.github.cometdboot.cluster.redis;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A load balancer in front of the nodes: each browser (its {@code BAYEUX_BROWSER} cookie) stays on
 * the node that answered its handshake, and moves to the next node when that one stops answering.
 * Requests without the cookie go to the nodes in turn.
 */
final class FailoverProxy implements AutoCloseable {

	private static final String BROWSER_COOKIE = "BAYEUX_BROWSER";

	private final List<Integer> ports;

	private final AtomicInteger next = new AtomicInteger();

	private final Map<String, Integer> nodeOfBrowser = new ConcurrentHashMap<>();

	/** Per node, completed when the node is cut off, as a crash would: every exchange with it breaks. */
	private final Map<Integer, Sinks.Empty<Void>> cuts = new ConcurrentHashMap<>();

	private final HttpClient client = HttpClient.create();

	private final DisposableServer server;

	FailoverProxy(List<Integer> ports) {
		this.ports = List.copyOf(ports);
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.aggregate()
				.asByteArray()
				.defaultIfEmpty(new byte[0])
				.flatMap((body) -> forward(request, body, browserOf(request), 0))
				.flatMap((answer) -> response.status(answer.status())
					.headers(answer.headers())
					.sendByteArray(Mono.just(answer.body()))
					.then()))
			.bindNow();
	}

	int port() {
		return this.server.port();
	}

	/**
	 * Break every exchange in flight with a node and refuse it from now on, as the death of its
	 * process would: the kernel resets its connections, held long polls included.
	 * @param port the node's port
	 */
	void cut(int port) {
		cutSignal(this.ports.indexOf(port)).tryEmitEmpty();
	}

	private Sinks.Empty<Void> cutSignal(int node) {
		return this.cuts.computeIfAbsent(node, (key) -> Sinks.empty());
	}

	private Mono<Answer> forward(HttpServerRequest request, byte[] body, @Nullable String browser, int attempt) {
		int node = (browser != null)
				? this.nodeOfBrowser.computeIfAbsent(browser, (key) -> this.next.getAndIncrement() % this.ports.size())
				: this.next.getAndIncrement() % this.ports.size();
		return this.client
			.headers((headers) -> headers.set(request.requestHeaders())
				.remove(HttpHeaderNames.HOST)
				.remove(HttpHeaderNames.CONTENT_LENGTH)
				.remove(HttpHeaderNames.TRANSFER_ENCODING))
			.request(request.method())
			.uri("http://127.0.0.1:" + this.ports.get(node) + request.uri())
			.send(ByteBufFlux.fromInbound(Mono.just(body)))
			.responseSingle((response, content) -> content.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> {
					String issued = issuedBrowser(response.responseHeaders());
					if (issued != null) {
						this.nodeOfBrowser.put(issued, node);
					}
					return new Answer(response.status(), response.responseHeaders()
						.copy()
						.remove(HttpHeaderNames.CONTENT_LENGTH)
						.remove(HttpHeaderNames.TRANSFER_ENCODING), bytes);
				}))
			// A cut node answers nothing more: the exchange breaks like a reset connection (at once, for
			// an exchange that starts after the cut).
			.takeUntilOther(cutSignal(node).asMono())
			.switchIfEmpty(Mono.error(() -> new IOException("node " + node + " was cut off")))
			.onErrorResume((ex) -> {
				if (attempt + 1 >= this.ports.size()) {
					return Mono.error(ex);
				}
				// The node is gone: this browser moves on to the next one.
				if (browser != null) {
					this.nodeOfBrowser.put(browser, (node + 1) % this.ports.size());
				}
				return forward(request, body, browser, attempt + 1);
			});
	}

	private static @Nullable String browserOf(HttpServerRequest request) {
		String cookies = request.requestHeaders().get(HttpHeaderNames.COOKIE);
		if (cookies == null) {
			return null;
		}
		return ServerCookieDecoder.LAX.decode(cookies)
			.stream()
			.filter((cookie) -> BROWSER_COOKIE.equals(cookie.name()))
			.map(io.netty.handler.codec.http.cookie.Cookie::value)
			.findFirst()
			.orElse(null);
	}

	private static @Nullable String issuedBrowser(HttpHeaders headers) {
		for (String setCookie : headers.getAll(HttpHeaderNames.SET_COOKIE)) {
			if (setCookie.startsWith(BROWSER_COOKIE + "=")) {
				int end = setCookie.indexOf(';');
				return setCookie.substring(BROWSER_COOKIE.length() + 1, (end > 0) ? end : setCookie.length());
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	private record Answer(HttpResponseStatus status, HttpHeaders headers, byte[] body) {
	}

}
