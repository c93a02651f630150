package io.github.cometdboot.benchmark.floor;

import java.io.OutputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes JSON into direct buffers, as plain bytes for HTTP bodies or as whole websocket text frames.
 * <p>
 * A websocket frame is written with its header in the same buffer: a server's frames are not masked,
 * so the same bytes go to every subscriber, and Netty's frame encoder, which copies every frame under
 * 1 KB into a new buffer, is passed by.
 */
final class Encoding {

	/** The longest websocket frame header: opcode byte, length byte, 8 bytes of extended length. */
	private static final int MAX_HEADER = 10;

	private static final int TEXT_FINAL = 0x81;

	private final JsonMapper mapper;

	Encoding(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * @param alloc the allocator
	 * @param value the JSON value
	 * @return a direct buffer with its JSON text
	 */
	ByteBuf json(ByteBufAllocator alloc, JsonNode value) {
		ByteBuf buffer = alloc.directBuffer(256);
		try {
			write(buffer, value);
			return buffer;
		}
		catch (RuntimeException ex) {
			buffer.release();
			throw ex;
		}
	}

	/**
	 * @param alloc the allocator
	 * @param value the JSON value
	 * @return a direct buffer with one final websocket text frame of its JSON text, header included
	 */
	ByteBuf textFrame(ByteBufAllocator alloc, JsonNode value) {
		ByteBuf buffer = alloc.directBuffer(512);
		try {
			// The JSON text first, after room for the longest header: its length gives the header's.
			buffer.writerIndex(MAX_HEADER);
			write(buffer, value);
		}
		catch (RuntimeException ex) {
			buffer.release();
			throw ex;
		}
		int length = buffer.writerIndex() - MAX_HEADER;
		if (length <= 125) {
			buffer.setByte(MAX_HEADER - 1, length);
			buffer.setByte(MAX_HEADER - 2, TEXT_FINAL);
			buffer.readerIndex(MAX_HEADER - 2);
		}
		else if (length <= 0xFFFF) {
			buffer.setShort(MAX_HEADER - 2, length);
			buffer.setByte(MAX_HEADER - 3, 126);
			buffer.setByte(MAX_HEADER - 4, TEXT_FINAL);
			buffer.readerIndex(MAX_HEADER - 4);
		}
		else {
			buffer.setLong(MAX_HEADER - 8, length);
			buffer.setByte(MAX_HEADER - 9, 127);
			buffer.setByte(MAX_HEADER - 10, TEXT_FINAL);
			buffer.readerIndex(0);
		}
		return buffer;
	}

	/**
	 * @param frame a frame written by {@link #textFrame}
	 * @return the length of its header, read from its length byte
	 */
	static int headerLength(ByteBuf frame) {
		int length = frame.getByte(frame.readerIndex() + 1) & 0x7F;
		if (length <= 125) {
			return 2;
		}
		return (length == 126) ? 4 : MAX_HEADER;
	}

	/**
	 * Append JSON text to a buffer.
	 * @param buffer the buffer, left to the caller
	 * @param value the JSON value
	 */
	void write(ByteBuf buffer, JsonNode value) {
		// Closing this stream, as Jackson does, leaves the buffer alone.
		this.mapper.writeValue((OutputStream) new ByteBufOutputStream(buffer), value);
	}

}
