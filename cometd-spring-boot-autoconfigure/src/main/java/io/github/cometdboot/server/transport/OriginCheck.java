package io.github.cometdboot.server.transport;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Refuses websocket upgrades from pages of other sites (cross-site websocket hijacking): a browser
 * sends its cookies, and so its user's identity, with an upgrade that any page may start, and the same
 * origin policy does not apply to websockets. An upgrade is allowed when it has no {@code Origin}
 * (non-browser clients: the CometD Java client, Node), when its origin is the request's own scheme,
 * host and port, or when it matches one of the allowed origin patterns ({@code *} allows all).
 */
public final class OriginCheck {

	private final @Nullable CorsConfiguration allowed;

	/**
	 * Create a check.
	 * @param allowedOriginPatterns origins allowed besides the request's own, as Spring's CORS origin
	 * patterns (such as {@code https://*.example.com}, or {@code *})
	 */
	public OriginCheck(List<String> allowedOriginPatterns) {
		if (allowedOriginPatterns.isEmpty()) {
			this.allowed = null;
		}
		else {
			CorsConfiguration configuration = new CorsConfiguration();
			configuration.setAllowedOriginPatterns(allowedOriginPatterns);
			this.allowed = configuration;
		}
	}

	/** @return a check that allows only the request's own origin (and requests without one) */
	public static OriginCheck sameOrigin() {
		return new OriginCheck(List.of());
	}

	/**
	 * Whether an upgrade request may proceed.
	 * @param request the request
	 * @return whether its origin is allowed
	 */
	public boolean allows(ServerHttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		if (origin == null) {
			return true;
		}
		return isSameOrigin(request.getURI(), origin) || (this.allowed != null && this.allowed.checkOrigin(origin) != null);
	}

	private static boolean isSameOrigin(URI target, String origin) {
		UriComponents from;
		try {
			from = UriComponentsBuilder.fromUriString(origin).build();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		String scheme = target.getScheme();
		return scheme != null && from.getScheme() != null && from.getHost() != null
				&& secure(scheme) == secure(from.getScheme()) && from.getHost().equalsIgnoreCase(target.getHost())
				&& port(from.getScheme(), from.getPort()) == port(scheme, target.getPort());
	}

	private static boolean secure(String scheme) {
		return "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme);
	}

	private static int port(String scheme, int port) {
		return (port != -1) ? port : secure(scheme) ? 443 : 80;
	}

}
