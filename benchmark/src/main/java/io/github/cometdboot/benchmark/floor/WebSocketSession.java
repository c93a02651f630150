package io.github.cometdboot.benchmark.floor;

import java.util.function.LongPredicate;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session on a websocket: deliveries are written straight to its connection, whose event loop is
 * the session's home, and a {@code /meta/connect} is held only as the heartbeat.
 */
final class WebSocketSession extends Session {

	private final Channel channel;

	private final Encoding encoding;

	private final Replies replies;

	// The held connect, guarded by this: the expiry sweep runs on another thread than the connection's.
	private boolean held;

	private @Nullable JsonNode heldId;

	private long heldUntil;

	/**
	 * @param id the client id
	 * @param channel the websocket connection
	 * @param encoding the encoding of replies
	 * @param replies the builder of replies
	 */
	WebSocketSession(String id, Channel channel, Encoding encoding, Replies replies) {
		super(id, channel.eventLoop());
		this.channel = channel;
		this.encoding = encoding;
		this.replies = replies;
	}

	/** @return the websocket connection */
	Channel channel() {
		return this.channel;
	}

	@Override
	void deliver(Publication publication) {
		// On the connection's event loop: no task, no promise, the same bytes as every other subscriber.
		this.channel.writeAndFlush(publication.frame(), this.channel.voidPromise());
	}

	/**
	 * A {@code /meta/connect} arrived: answer it now if asked to, else hold it until the timeout.
	 * @param id the request's {@code id}, if any
	 * @param immediate whether the client asked for an immediate answer
	 * @return the reply to send now, or {@code null} when held
	 */
	@Nullable ObjectNode connect(@Nullable JsonNode id, boolean immediate) {
		@Nullable JsonNode previous;
		boolean hadPrevious;
		synchronized (this) {
			hadPrevious = this.held;
			previous = this.heldId;
			this.held = !immediate;
			this.heldId = immediate ? null : id;
			this.heldUntil = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
		}
		if (hadPrevious) {
			answer(previous);
		}
		return immediate ? this.replies.connected(id) : null;
	}

	@Override
	void expire(long nowNanos) {
		answerHeld((until) -> nowNanos - until >= 0);
	}

	@Override
	void close() {
		answerHeld((until) -> true);
	}

	/** Answer the held connect, if there is one and it is due by the deadline it was held until. */
	private void answerHeld(LongPredicate due) {
		@Nullable JsonNode id;
		synchronized (this) {
			if (!this.held || !due.test(this.heldUntil)) {
				return;
			}
			id = this.heldId;
			this.held = false;
		}
		answer(id);
	}

	private void answer(@Nullable JsonNode id) {
		if (this.channel.isActive()) {
			ByteBuf frame = this.encoding.textFrame(this.channel.alloc(), this.replies.batch(this.replies.connected(id)));
			this.channel.writeAndFlush(frame, this.channel.voidPromise());
		}
	}

}
