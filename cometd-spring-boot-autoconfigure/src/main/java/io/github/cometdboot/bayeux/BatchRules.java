package io.github.cometdboot.bayeux;

import io.github.cometdboot.Message;
import java.util.List;

/**
 * Refuses a batch that is invalid as a whole, so that it gets one error rather than one per message.
 * <p>
 * A batch may hold at most one {@code /meta/handshake}: a client makes one session at a time, and one
 * request of 600 handshakes would otherwise make 600 sessions past every per-request check.
 * <p>
 * A message without a {@code channel} cannot be handled at all. Alone it is answered
 * {@code 400::channel_missing}, as CometD does; but a batch of thousands of such messages (a 64 KB
 * body holds about 20,000 {@code {}}) would be answered with an error each, many times the size of the
 * request. Real clients never send such a message, so a batch of several that holds one is refused.
 */
final class BatchRules {

	private static final String HANDSHAKE = "/meta/handshake";

	private BatchRules() {
	}

	/**
	 * Check a decoded batch.
	 * @param batch the messages of one request or frame
	 * @throws MalformedMessageException if the batch is invalid as a whole
	 */
	static void check(List<Message> batch) {
		if (batch.size() < 2) {
			return;
		}
		int handshakes = 0;
		for (Message message : batch) {
			String channel = message.channel();
			if (channel == null) {
				throw new MalformedMessageException("Expected a channel in every message of a batch", null);
			}
			if (HANDSHAKE.equals(channel) && ++handshakes > 1) {
				throw new MalformedMessageException("Expected at most one handshake in a batch", null);
			}
		}
	}

}
