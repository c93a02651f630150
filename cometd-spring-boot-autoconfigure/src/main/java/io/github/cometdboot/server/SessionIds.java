package io.github.cometdboot.server;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes unguessable identifiers for sessions and browsers: 192 bits from {@link SecureRandom},
 * URL-safe Base64 so that they can stand in a URL path.
 */
final class SessionIds {

	private static final int BYTES = 24;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private SessionIds() {
	}

	static String next() {
		byte[] bytes = new byte[BYTES];
		RANDOM.nextBytes(bytes);
		return ENCODER.encodeToString(bytes);
	}

}
