package io.github.cometdboot.benchmark.floor;

import io.netty.buffer.ByteBuf;

/**
 * One published message, encoded once: a websocket text frame of {@code [message]}, header included.
 * Websocket subscribers get the frame, long-polling subscribers the message alone, both as views of
 * the same bytes.
 */
final class Publication {

	private final ByteBuf frame;

	private final int messageStart;

	private final int messageLength;

	/**
	 * @param frame the whole frame, whose reference this publication takes over
	 */
	Publication(ByteBuf frame) {
		this.frame = frame;
		int headerLength = Encoding.headerLength(frame);
		// Inside the payload "[...]": the message is all but the two brackets.
		this.messageStart = frame.readerIndex() + headerLength + 1;
		this.messageLength = frame.readableBytes() - headerLength - 2;
	}

	/** @return the frame, for one websocket subscriber to write (and release) */
	ByteBuf frame() {
		return this.frame.retainedDuplicate();
	}

	/** @return the message's JSON text without brackets, for one long-polling subscriber to queue (and release) */
	ByteBuf message() {
		return this.frame.retainedSlice(this.messageStart, this.messageLength);
	}

	/** Keep the bytes for one more holder, such as a task on another event loop. */
	void retain() {
		this.frame.retain();
	}

	/** Let go of one reference. */
	void release() {
		this.frame.release();
	}

}
