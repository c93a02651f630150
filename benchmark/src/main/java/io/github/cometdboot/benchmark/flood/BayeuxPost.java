package io.github.cometdboot.benchmark.flood;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.github.cometdboot.benchmark.load.LongPollingClient;
import io.github.cometdboot.benchmark.load.Received;
import io.github.cometdboot.benchmark.load.Wire;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;

/**
 * An attacker's POST to the Bayeux path: one request, one {@link Reply}, never an error, so that an
 * attack loop books every answer, refusals and dropped connections alike, and goes on.
 */
final class BayeuxPost {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http;

	private final String url;

	/**
	 * @param http the client, with the pool and local addresses of the attack
	 * @param url the Bayeux URL
	 */
	BayeuxPost(HttpClient http, String url) {
		this.http = http;
		this.url = url;
	}

	/**
	 * @param body the request array
	 * @param cookie the {@code Cookie} header to send, or empty for none
	 * @return the reply
	 */
	Mono<Reply> send(String body, String cookie) {
		return LongPollingClient.post(this.http, this.url, body, cookie)
			.responseSingle((response, content) -> {
				int status = response.status().code();
				String setCookie = response.responseHeaders().get(HttpHeaderNames.SET_COOKIE, "");
				int end = setCookie.indexOf(';');
				String pair = (end >= 0) ? setCookie.substring(0, end) : setCookie;
				return content.asByteArray()
					.defaultIfEmpty(new byte[0])
					.map((bytes) -> new Reply(status, (status == 200) ? Wire.read(bytes) : List.of(), pair));
			})
			.timeout(TIMEOUT)
			.onErrorResume((ex) -> Mono.just(Reply.failed(ex)));
	}

	/**
	 * What came back.
	 *
	 * @param status the HTTP status, or -1 when there was no response
	 * @param messages the Bayeux messages of a 200
	 * @param cookie the first {@code Set-Cookie}'s {@code name=value}, or empty
	 * @param failure what went wrong without a response, or empty
	 */
	record Reply(int status, List<Received> messages, String cookie, String failure) {

		Reply(int status, List<Received> messages, String cookie) {
			this(status, messages, cookie, "");
		}

		static Reply failed(Throwable ex) {
			String failure = (ex instanceof PrematureCloseException || ex instanceof IOException
					|| ex.getCause() instanceof IOException)
					? "closed" : ex.getClass().getSimpleName();
			return new Reply(-1, List.of(), "", failure);
		}

		/**
		 * @return the outcome's label: {@code ok}, the first message's error, {@code HTTP <status>} or
		 * the failure
		 */
		String outcome() {
			if (this.status < 0) {
				return this.failure;
			}
			if (this.status != 200) {
				return "HTTP " + this.status;
			}
			if (this.messages.isEmpty()) {
				return "200, no message";
			}
			Received first = this.messages.get(0);
			return first.isFailure() ? String.valueOf(first.error()) : "ok";
		}

		/** @return the session of a successful handshake reply, or {@code null} */
		@Nullable String clientId() {
			return (this.messages.isEmpty() || this.messages.get(0).isFailure()) ? null
					: this.messages.get(0).clientId();
		}

		/** @return whether the server no longer knows the session: the attacker handshakes again */
		boolean sessionUnknown() {
			return this.messages.stream().anyMatch((message) -> String.valueOf(message.error()).startsWith("402"));
		}

	}

}
