package io.github.cometdboot.server.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.github.cometdboot.server.session.ServerSession;

/**
 * The latest batches a session's streams wrote, numbered in order, so that a stream re-opened with
 * {@code Last-Event-ID} re-sends what the broken one took from the queue but may never have delivered.
 * <p>
 * One per session (kept in its attributes, so it goes with the session), shared by every stream the
 * session opens, and bounded: it keeps at most {@code capacity} messages (the session's queue size),
 * dropping the oldest batches first.
 */
final class StreamReplay {

	private static final String ATTRIBUTE = StreamReplay.class.getName();

	private final int capacity;

	private final ArrayDeque<StreamedBatch> batches = new ArrayDeque<>();

	private long lastId;

	private int messages;

	StreamReplay(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * The replay buffer of a session, created on first use.
	 * @param session the session
	 * @param capacity how many messages it keeps
	 * @return the buffer
	 */
	static StreamReplay of(ServerSession session, int capacity) {
		return (StreamReplay) session.attributes().computeIfAbsent(ATTRIBUTE, (key) -> new StreamReplay(capacity));
	}

	/**
	 * Number and keep a batch that is about to be written.
	 * @param json the batch as one JSON array
	 * @param size how many messages it holds
	 * @return the numbered batch
	 */
	synchronized StreamedBatch record(byte[] json, int size) {
		StreamedBatch batch = new StreamedBatch(++this.lastId, json, size);
		this.batches.addLast(batch);
		this.messages += size;
		while (this.messages > this.capacity && this.batches.size() > 1) {
			this.messages -= this.batches.removeFirst().size();
		}
		return batch;
	}

	/**
	 * The kept batches numbered after the given one, oldest first.
	 * @param id the last batch the client received
	 * @return the batches to send again
	 */
	synchronized List<StreamedBatch> after(long id) {
		List<StreamedBatch> result = new ArrayList<>();
		for (StreamedBatch batch : this.batches) {
			if (batch.id() > id) {
				result.add(batch);
			}
		}
		return result;
	}

	/**
	 * A batch of messages written on a stream.
	 *
	 * @param id its number in the session, from 1
	 * @param json the messages as one JSON array
	 * @param size how many messages it holds
	 */
	record StreamedBatch(long id, byte[] json, int size) {

	}

}
