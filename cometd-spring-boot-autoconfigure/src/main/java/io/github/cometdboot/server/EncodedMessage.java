package io.github.cometdboot.server;

import io.github.cometdboot.bayeux.ChannelId;
import io.github.cometdboot.bayeux.Message;

/**
 * A message to deliver, encoded once: the same bytes go into the queue of every recipient and into
 * the frame or response body of every transport.
 *
 * @param channel the channel it was published on
 * @param message the message as delivered (no {@code clientId}); treat it as read-only
 * @param json the UTF-8 JSON of {@code message}
 * @param publishedNanos when it was published, by {@link System#nanoTime()}, for latency metrics
 */
public record EncodedMessage(ChannelId channel, Message message, byte[] json, long publishedNanos) {

	/**
	 * A message published now.
	 * @param channel the channel
	 * @param message the message
	 * @param json its JSON
	 */
	public EncodedMessage(ChannelId channel, Message message, byte[] json) {
		this(channel, message, json, System.nanoTime());
	}

}
