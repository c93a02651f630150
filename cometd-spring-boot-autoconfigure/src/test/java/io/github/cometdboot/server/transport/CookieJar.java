package io.github.cometdboot.server.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;

/**
 * Keeps the cookies a test client is given and sends them back, as every real Bayeux client does (a
 * browser, the CometD Java client, cometd-nodejs-client): sessions are bound to the
 * {@code BAYEUX_BROWSER} cookie of the request that made them. A cookie the request sets itself wins.
 */
public final class CookieJar implements ExchangeFilterFunction {

	private final Map<String, String> cookies = new ConcurrentHashMap<>();

	/**
	 * The cookie the client was given under a name, to send with a request made without the client.
	 * @param name the cookie name
	 * @return the cookie, empty-valued when none was given
	 */
	public HttpCookie cookie(String name) {
		return new HttpCookie(name, this.cookies.getOrDefault(name, ""));
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		ClientRequest withCookies = ClientRequest.from(request).cookies((sent) -> this.cookies.forEach((name, value) -> {
			if (!sent.containsKey(name)) {
				sent.add(name, value);
			}
		})).build();
		return next.exchange(withCookies).doOnNext((response) -> {
			for (ResponseCookie cookie : response.cookies().toSingleValueMap().values()) {
				this.cookies.put(cookie.getName(), cookie.getValue());
			}
		});
	}

}
