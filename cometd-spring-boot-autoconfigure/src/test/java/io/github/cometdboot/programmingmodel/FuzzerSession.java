package io.github.cometdboot.programmingmodel;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fuzzer's own browser and session, over long-polling: requests sent with its cookie may act for
 * it, so that hostile subscribes, publishes, service calls and disconnects reach the code behind the
 * browser check, not only the check. Fuzzed input may end the session; it is made again before the
 * next try.
 */
final class FuzzerSession {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	private final URI uri;

	private String clientId = "none yet";

	FuzzerSession(int port) {
		this.uri = URI.create("http://127.0.0.1:" + port + "/cometd");
		this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(this.cookies).build();
	}

	/** @return the HTTP client that sends the browser's cookie */
	HttpClient http() {
		return this.http;
	}

	/** @return the session's {@code clientId} */
	String clientId() {
		return this.clientId;
	}

	/** @return the {@code Cookie} header value of the browser, for a websocket upgrade */
	String cookieHeader() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.map(HttpCookie::toString)
			.reduce((a, b) -> a + "; " + b)
			.orElse("");
	}

	/**
	 * Make sure the session lives: a connect answered at once, and a handshake when the session is gone.
	 * A handshake refused (by the handshake rate limit, say) leaves the old {@code clientId}, which
	 * fuzzed input then names as an unknown session.
	 */
	void keepAlive() throws IOException, InterruptedException {
		Map<String, Object> reply = post("""
				[{"channel":"/meta/connect","clientId":"%s","connectionType":"long-polling","advice":{"timeout":0}}]"""
			.formatted(this.clientId));
		if (!Boolean.TRUE.equals(reply.get("successful"))) {
			Map<String, Object> handshake = post("""
					[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]""");
			if (handshake.get("clientId") instanceof String id) {
				this.clientId = id;
			}
		}
	}

	private Map<String, Object> post(String body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.uri)
			.timeout(DEADLINE)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		String reply = this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
		List<Map<String, Object>> messages = JSON.readValue(reply, new TypeReference<>() {
		});
		return messages.get(0);
	}

}
