package io.github.cometdboot.benchmark.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * A {@code long-polling} client: every request is a POST of a JSON array; one {@code /meta/connect}
 * is always outstanding, and publishes go on their own requests beside it, as a browser does. It
 * keeps its cookies, so each client is a browser of its own to the server.
 */
public final class LongPollingClient extends WireClient {

	/** The Bayeux connection type. */
	public static final String TYPE = "long-polling";

	private final HttpClient http;

	private final String url;

	private final Map<String, String> cookies = new ConcurrentHashMap<>();

	private final Sinks.Empty<Void> connectEnded = Sinks.empty();

	private volatile String cookieHeader = "";

	/**
	 * @param index the client's index
	 * @param room the room channel
	 * @param ledger the run's books
	 * @param http the HTTP client, with a pool large enough for two connections per client
	 * @param url the Bayeux URL
	 */
	public LongPollingClient(int index, String room, Ledger ledger, HttpClient http, String url) {
		super(index, room, ledger);
		this.http = http;
		this.url = url;
	}

	@Override
	public Mono<Void> start() {
		return post(Wire.handshake(TYPE)).flatMap((messages) -> {
			Received handshake = replyOn(messages, "/meta/handshake");
			if (handshake == null || handshake.isFailure() || handshake.clientId() == null) {
				return Mono.error(new IllegalStateException("handshake failed: " + handshake));
			}
			clientId(handshake.clientId());
			connect(true);
			return post(Wire.subscribe(handshake.clientId(), room()));
		}).flatMap((messages) -> {
			onMessages(messages);
			Received subscribe = replyOn(messages, "/meta/subscribe");
			if (subscribe == null || subscribe.isFailure()) {
				return Mono.error(new IllegalStateException("subscribe failed: " + subscribe));
			}
			return Mono.<Void>empty();
		}).timeout(REPLY_TIMEOUT);
	}

	/**
	 * The connect loop: the next connect goes out as soon as the previous one is answered.
	 */
	private void connect(boolean first) {
		String id = clientId();
		if (!isRunning() || id == null) {
			this.connectEnded.tryEmitEmpty();
			return;
		}
		post(Wire.connect(id, TYPE, first)).subscribe((messages) -> {
			onMessages(messages);
			Received reply = replyOn(messages, "/meta/connect");
			ledger().connectReplied();
			if (reply != null && !reply.isFailure()) {
				connect(false);
				return;
			}
			if (isRunning()) {
				ledger().error("connect answered " + reply);
			}
			this.connectEnded.tryEmitEmpty();
		}, (ex) -> {
			if (isRunning()) {
				ledger().error("connect failed: " + ex);
			}
			this.connectEnded.tryEmitEmpty();
		});
	}

	@Override
	protected void send(String json) {
		post(json).subscribe(this::onMessages, (ex) -> ledger().error("request failed: " + ex));
	}

	@Override
	public Mono<Void> stop() {
		halt();
		String id = clientId();
		if (id == null) {
			return Mono.empty();
		}
		// The disconnect releases the held connect; wait for both, a little.
		return post(Wire.disconnect(id)).then(this.connectEnded.asMono())
			.timeout(Duration.ofSeconds(5))
			.onErrorResume((ex) -> Mono.empty());
	}

	@Override
	public void vanish() {
		// The held connect is left to the server's timeout; no other request follows.
		halt();
	}

	/**
	 * A Bayeux POST, as every long-polling request of this module is sent.
	 * @param http the client
	 * @param url the Bayeux URL
	 * @param body the request array
	 * @param cookie the {@code Cookie} header, or empty for none
	 * @return the request, ready for its response to be read
	 */
	public static HttpClient.ResponseReceiver<?> post(HttpClient http, String url, String body, String cookie) {
		return http.headers((headers) -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=UTF-8");
			if (!cookie.isEmpty()) {
				headers.set(HttpHeaderNames.COOKIE, cookie);
			}
		})
			.post()
			.uri(url)
			.send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8, ByteBufAllocator.DEFAULT));
	}

	private Mono<List<Received>> post(String body) {
		return post(this.http, this.url, body, this.cookieHeader)
			.responseSingle((response, content) -> {
				remember(response.responseHeaders());
				if (response.status().code() != 200) {
					return Mono.error(new IllegalStateException("HTTP " + response.status().code()));
				}
				return content.asByteArray();
			})
			.map(Wire::read);
	}

	private void remember(HttpHeaders headers) {
		List<String> setCookies = headers.getAll(HttpHeaderNames.SET_COOKIE);
		if (setCookies.isEmpty()) {
			return;
		}
		for (String setCookie : setCookies) {
			int end = setCookie.indexOf(';');
			String pair = (end >= 0) ? setCookie.substring(0, end) : setCookie;
			int equals = pair.indexOf('=');
			if (equals > 0) {
				this.cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
			}
		}
		StringBuilder header = new StringBuilder();
		this.cookies.forEach((name, value) -> {
			if (header.length() > 0) {
				header.append("; ");
			}
			header.append(name).append('=').append(value);
		});
		this.cookieHeader = header.toString();
	}

}
