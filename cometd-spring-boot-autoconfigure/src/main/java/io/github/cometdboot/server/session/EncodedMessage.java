package io.github.cometdboot.server.session;

import java.util.ArrayList;
import java.util.List;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import org.jspecify.annotations.Nullable;

/**
 * A message to deliver, encoded once: the same bytes go into the queue of every recipient and into
 * the frame or response body of every transport.
 */
public final class EncodedMessage {

	private final ChannelId channel;

	private final Message message;

	private final byte[] json;

	private final long publishedNanos;

	/**
	 * {@code [json]}, made by the first recipient that is written this message alone and shared by the
	 * others. Two threads may both make it; they make equal bytes, and either copy will do. Volatile, so
	 * that a thread that sees the array also sees its contents.
	 */
	private volatile byte @Nullable [] alone;

	/**
	 * A message published at a given time.
	 * @param channel the channel it was published on
	 * @param message the message as delivered (no {@code clientId}); treat it as read-only
	 * @param json the UTF-8 JSON of {@code message}
	 * @param publishedNanos when it was published, by {@link System#nanoTime()}, for latency metrics
	 */
	public EncodedMessage(ChannelId channel, Message message, byte[] json, long publishedNanos) {
		this.channel = channel;
		this.message = message;
		this.json = json;
		this.publishedNanos = publishedNanos;
	}

	/**
	 * A message published now.
	 * @param channel the channel
	 * @param message the message
	 * @param json its JSON
	 */
	public EncodedMessage(ChannelId channel, Message message, byte[] json) {
		this(channel, message, json, System.nanoTime());
	}

	/** @return the channel it was published on */
	public ChannelId channel() {
		return this.channel;
	}

	/** @return the message as delivered (no {@code clientId}); treat it as read-only */
	public Message message() {
		return this.message;
	}

	/** @return the UTF-8 JSON of the message; treat it as read-only */
	public byte[] json() {
		return this.json;
	}

	/** @return when it was published, by {@link System#nanoTime()} */
	public long publishedNanos() {
		return this.publishedNanos;
	}

	/**
	 * The JSON array of a batch, as a websocket frame or a stream chunk carries it. A batch of one
	 * message (the usual fan-out case) gets bytes shared with every other recipient of that message.
	 * @param batch the messages, oldest first
	 * @return the JSON array bytes; treat them as read-only
	 */
	public static byte[] toJsonArray(List<EncodedMessage> batch) {
		if (batch.size() == 1) {
			EncodedMessage only = batch.get(0);
			byte[] array = only.alone;
			if (array == null) {
				array = MessageCodec.joinArray(List.of(only.json));
				only.alone = array;
			}
			return array;
		}
		List<byte[]> messages = new ArrayList<>(batch.size());
		for (EncodedMessage message : batch) {
			messages.add(message.json);
		}
		return MessageCodec.joinArray(messages);
	}

	@Override
	public String toString() {
		return "EncodedMessage[" + this.channel + ", " + this.json.length + " bytes]";
	}

}
