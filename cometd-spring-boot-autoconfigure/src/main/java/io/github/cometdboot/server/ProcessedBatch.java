package io.github.cometdboot.server;

import java.util.List;

import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;

/**
 * What the server answers to a batch of messages: encoded messages in the order to write them.
 *
 * @param messages the encoded replies, with any delivered messages before their connect reply
 * @param session the session the batch concerned, if it exists (for transports that bind to one)
 */
public record ProcessedBatch(List<byte[]> messages, @Nullable ServerSession session) {

	/** @return the messages as one JSON array */
	public byte[] toJsonArray() {
		return MessageCodec.joinArray(this.messages);
	}

}
