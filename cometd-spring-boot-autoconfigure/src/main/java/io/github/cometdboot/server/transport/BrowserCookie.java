package io.github.cometdboot.server.transport;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.util.MultiValueMap;

/**
 * The {@code BAYEUX_BROWSER} cookie that identifies a browser across its sessions, so that the server
 * can limit held long polls per browser and bind sessions to the browser that created them.
 *
 * @param name the cookie name
 * @param path the cookie path
 * @param domain the cookie domain, or {@code null} for the request host
 * @param httpOnly whether scripts are kept from reading the cookie
 * @param secure whether the cookie is only sent over HTTPS
 * @param sameSite the {@code SameSite} attribute, or {@code null} to omit it
 * @param maxAge the cookie lifetime, or {@code null} for a session cookie
 */
public record BrowserCookie(String name, String path, @Nullable String domain, boolean httpOnly, boolean secure,
		@Nullable String sameSite, @Nullable Duration maxAge) {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** @return CometD's defaults: {@code BAYEUX_BROWSER}, path {@code /}, HttpOnly */
	public static BrowserCookie defaults() {
		return new BrowserCookie("BAYEUX_BROWSER", "/", null, true, false, null, null);
	}

	/**
	 * Read the browser id from request cookies.
	 * @param cookies the request cookies
	 * @return the browser id, or {@code null} when absent or malformed
	 */
	public @Nullable String read(MultiValueMap<String, HttpCookie> cookies) {
		HttpCookie cookie = cookies.getFirst(this.name);
		if (cookie == null) {
			return null;
		}
		String value = cookie.getValue();
		return (value.length() >= 16 && value.length() <= 64 && isIdentifier(value)) ? value : null;
	}

	/** Whether every character is one of those a browser id is made of (base64url). */
	private static boolean isIdentifier(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!letterOrDigit && c != '_' && c != '-') {
				return false;
			}
		}
		return true;
	}

	/** @return a new random browser id */
	public String newBrowserId() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Build the response cookie for a browser id.
	 * @param browserId the browser id
	 * @return the cookie
	 */
	public ResponseCookie toResponseCookie(String browserId) {
		ResponseCookie.ResponseCookieBuilder builder = ResponseCookie.from(this.name, browserId)
			.path(this.path)
			.httpOnly(this.httpOnly)
			.secure(this.secure);
		if (this.domain != null) {
			builder.domain(this.domain);
		}
		if (this.sameSite != null) {
			builder.sameSite(this.sameSite);
		}
		if (this.maxAge != null) {
			builder.maxAge(this.maxAge);
		}
		return builder.build();
	}

}
