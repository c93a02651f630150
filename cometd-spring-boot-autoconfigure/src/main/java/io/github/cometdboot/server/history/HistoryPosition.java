package io.github.cometdboot.server.history;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where a message stands in a channel's history.
 *
 * @param offset its number on the channel: the first message is {@code 1}, each next one is greater
 * @param epoch names the life of the history the offset belongs to; it changes when the history
 * restarts (a new process with an in-memory history), so offsets of another epoch mean nothing
 */
public record HistoryPosition(long offset, String epoch) {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** @return a new random epoch, unlike any other */
	public static String randomEpoch() {
		byte[] bytes = new byte[9];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
