package io.github.cometdboot.benchmark.floor;

import java.util.ArrayDeque;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A long-polling session: messages wait in its queue for a {@code /meta/connect}, which is held until
 * one is queued or the timeout passes, then answered with {@code [messages..., connect reply]}.
 * <p>
 * Its requests come on any of the client's connections, on any event loop: its state is guarded by
 * this object. Its home, where deliveries run, is the event loop of its handshake.
 */
final class LongPollingSession extends Session {

	private final Encoding encoding;

	private final Replies replies;

	// Guarded by this.
	private ArrayDeque<ByteBuf> queue = new ArrayDeque<>();

	private @Nullable HeldConnect held;

	private boolean closed;

	/**
	 * @param id the client id
	 * @param home the event loop of its handshake
	 * @param encoding the encoding of replies
	 * @param replies the builder of replies
	 */
	LongPollingSession(String id, EventExecutor home, Encoding encoding, Replies replies) {
		super(id, home);
		this.encoding = encoding;
		this.replies = replies;
	}

	@Override
	void deliver(Publication publication) {
		enqueue(publication.message());
	}

	/**
	 * Queue a message's JSON text, and answer the held connect with the queue if there is one.
	 * @param message the JSON text of one message, which the queue takes over
	 */
	void enqueue(ByteBuf message) {
		HeldConnect answer;
		ArrayDeque<ByteBuf> messages;
		synchronized (this) {
			if (this.closed) {
				message.release();
				return;
			}
			this.queue.add(message);
			answer = this.held;
			this.held = null;
			// A connection closed under a held connect keeps the messages for the next connect.
			if (answer == null || !answer.ctx().channel().isActive()) {
				return;
			}
			messages = drain();
		}
		respond(answer, messages);
	}

	/**
	 * A {@code /meta/connect} arrived: answer it now with what is queued, or hold it.
	 * @param connect the request
	 * @param immediate whether it must be answered now
	 */
	void connect(HeldConnect connect, boolean immediate) {
		HeldConnect previous;
		ArrayDeque<ByteBuf> messages = null;
		synchronized (this) {
			previous = this.held;
			this.held = null;
			if (immediate || this.closed || !this.queue.isEmpty()) {
				messages = drain();
			}
			else {
				this.held = connect;
			}
		}
		if (previous != null) {
			respond(previous, new ArrayDeque<>());
		}
		if (messages != null) {
			respond(connect, messages);
		}
	}

	@Override
	void expire(long nowNanos) {
		HeldConnect answer;
		synchronized (this) {
			answer = this.held;
			if (answer == null || nowNanos - answer.deadline() < 0) {
				return;
			}
			this.held = null;
		}
		respond(answer, new ArrayDeque<>());
	}

	@Override
	void close() {
		HeldConnect answer;
		synchronized (this) {
			this.closed = true;
			answer = this.held;
			this.held = null;
			drain().forEach(ByteBuf::release);
		}
		if (answer != null) {
			respond(answer, new ArrayDeque<>());
		}
	}

	private ArrayDeque<ByteBuf> drain() {
		ArrayDeque<ByteBuf> messages = this.queue;
		this.queue = new ArrayDeque<>();
		return messages;
	}

	/** Answer a connect with {@code [messages..., connect reply]}, releasing the messages. */
	private void respond(HeldConnect connect, ArrayDeque<ByteBuf> messages) {
		ChannelHandlerContext ctx = connect.ctx();
		int length = 64;
		for (ByteBuf message : messages) {
			length += message.readableBytes() + 1;
		}
		ByteBuf body = ctx.alloc().directBuffer(length);
		body.writeByte('[');
		for (ByteBuf message : messages) {
			body.writeBytes(message);
			body.writeByte(',');
			message.release();
		}
		this.encoding.write(body, this.replies.connected(connect.id()));
		body.writeByte(']');
		HttpReplies.send(ctx, connect.keepAlive(), HttpResponseStatus.OK, body, null);
	}

	/**
	 * A {@code /meta/connect} request waiting for its answer.
	 *
	 * @param ctx the request's context
	 * @param keepAlive whether the request asked to keep the connection
	 * @param id the request's {@code id}, if any
	 * @param deadline when to answer it at the latest, by {@link System#nanoTime()}
	 */
	record HeldConnect(ChannelHandlerContext ctx, boolean keepAlive, @Nullable JsonNode id, long deadline) {

	}

}
