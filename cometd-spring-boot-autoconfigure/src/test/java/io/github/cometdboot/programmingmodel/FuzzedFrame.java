package io.github.cometdboot.programmingmodel;

import java.io.IOException;

/**
 * A fuzzed websocket message.
 * @param body its payload
 * @param kind how it is framed
 */
record FuzzedFrame(FuzzedBody body, Kind kind) {

	/** How a message is framed. */
	enum Kind {

		/** One text frame (whose bytes may be no UTF-8 once mutated). */
		TEXT,
		/** One binary frame. */
		BINARY,
		/** A text frame and two continuation frames. */
		FRAGMENTED

	}

	/**
	 * Send the message.
	 * @param socket the websocket
	 * @param payload the body's bytes, as {@link FuzzedBody#bytes} made them
	 */
	void sendTo(RawWebSocket socket, byte[] payload) throws IOException {
		switch (this.kind) {
			case TEXT -> socket.sendRaw(false, payload);
			case BINARY -> socket.sendRaw(true, payload);
			case FRAGMENTED -> socket.sendFragmented(payload, Math.max(1, (payload.length + 2) / 3));
		}
	}

}
