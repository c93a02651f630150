package io.github.cometdboot.server.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The server half of CometD's {@code ack} extension for one session: the messages sent to the client
 * but not yet acknowledged, each tagged with the number of the {@code /meta/connect} reply (the
 * <em>batch</em>) that first carried it.
 * <p>
 * Every connect reply of an acknowledging session carries {@code ext.ack: n}, the batch number, and
 * every message not yet acknowledged, in the order they were queued: those sent before and not
 * acknowledged again, then the new ones. The client's next connect sends back {@code ext.ack: n} for
 * the last reply it received, which releases every message of batches up to {@code n}. When a reply is
 * lost (the connection broke while it was written), the next connect acknowledges an older batch, and
 * the lost messages are sent again, once, before anything newer.
 * <p>
 * Messages reach the client only in connect replies (CometD's "meta connect delivery only"): a message
 * pushed outside a reply could arrive while the reply that would number it is lost, and come again.
 * The buffer is bounded by {@code maxQueue}; past it the overflow policy applies as to the queue.
 * <p>
 * A cluster engine shares how far each batch reached in its stream; a node that takes the session
 * over carries on the numbering ({@link #continueAfter}) and takes back the messages of the batches
 * the client may not have received ({@link #resend}).
 */
public final class AcknowledgedDelivery {

	private final int capacity;

	private final OverflowPolicy policy;

	private final ArrayDeque<Sent> unacknowledged = new ArrayDeque<>();

	/** The number the next connect reply carries; the clients start acknowledging {@code 0} or less. */
	private long nextBatch = 1;

	private long acknowledgedBatch;

	public AcknowledgedDelivery(int capacity, OverflowPolicy policy) {
		this.capacity = capacity;
		this.policy = policy;
	}

	/**
	 * The state of a new acknowledging session, bounded like its queue.
	 * @param settings the session settings
	 * @return the state
	 */
	public static AcknowledgedDelivery forSession(SessionSettings settings) {
		return new AcknowledgedDelivery(settings.maxQueue(), settings.overflowPolicy());
	}

	/**
	 * Release the messages of every batch up to the given one: the client received them.
	 * @param batch the number of the last connect reply the client received
	 */
	public synchronized void acknowledge(long batch) {
		this.acknowledgedBatch = Math.max(this.acknowledgedBatch, batch);
		while (!this.unacknowledged.isEmpty() && this.unacknowledged.peekFirst().batch() <= batch) {
			this.unacknowledged.pollFirst();
		}
	}

	/** @return whether messages were sent and not acknowledged: the next connect reply sends them again */
	public synchronized boolean hasUnacknowledged() {
		return !this.unacknowledged.isEmpty();
	}

	/** @return how many messages were sent and not acknowledged */
	public synchronized int size() {
		return this.unacknowledged.size();
	}

	/** @return the highest batch number the client acknowledged, {@code 0} before the first */
	public synchronized long acknowledgedBatch() {
		return this.acknowledgedBatch;
	}

	/** @return the number of the last connect reply numbered, {@code 0} before the first */
	public synchronized long lastBatch() {
		return this.nextBatch - 1;
	}

	/**
	 * Number the next connect replies after the given batch: the session was taken over from a node
	 * that numbered up to there, and the client acknowledges by those numbers.
	 * @param batch the last batch number used before
	 */
	public synchronized void continueAfter(long batch) {
		this.nextBatch = Math.max(this.nextBatch, batch + 1);
	}

	/**
	 * Take back messages that an earlier owner of the session sent in a batch, unless the client
	 * acknowledged that batch already: they go out again, before anything sent here.
	 * @param batch the batch that carried them
	 * @param messages the messages, oldest first
	 * @return whether any must be sent again
	 */
	public synchronized boolean resend(long batch, List<EncodedMessage> messages) {
		continueAfter(batch);
		if (batch <= this.acknowledgedBatch || messages.isEmpty()) {
			return false;
		}
		// Ordered by batch: what this node sent since the takeover carries higher numbers.
		ArrayDeque<Sent> newer = new ArrayDeque<>();
		while (!this.unacknowledged.isEmpty() && this.unacknowledged.peekLast().batch() > batch) {
			newer.addFirst(this.unacknowledged.pollLast());
		}
		for (EncodedMessage message : messages) {
			this.unacknowledged.addLast(new Sent(message, batch));
		}
		this.unacknowledged.addAll(newer);
		return true;
	}

	/**
	 * Number the next connect reply, and take what it carries: the unacknowledged messages and then the
	 * new ones, which stay until acknowledged.
	 * @param fresh the messages just taken from the session's queue, oldest first
	 * @return the batch to write
	 */
	public synchronized Batch nextBatch(List<EncodedMessage> fresh) {
		long batch = this.nextBatch++;
		for (EncodedMessage message : fresh) {
			this.unacknowledged.addLast(new Sent(message, batch));
		}
		int overflow = Math.max(0, this.unacknowledged.size() - this.capacity);
		if (overflow > 0 && this.policy == OverflowPolicy.DISCONNECT) {
			return new Batch(batch, List.of(), overflow);
		}
		for (int i = 0; i < overflow; i++) {
			this.unacknowledged.pollFirst();
		}
		List<EncodedMessage> messages = new ArrayList<>(this.unacknowledged.size());
		for (Sent sent : this.unacknowledged) {
			messages.add(sent.message());
		}
		return new Batch(batch, messages, overflow);
	}

	/**
	 * What one connect reply carries.
	 *
	 * @param number the batch number, sent as {@code ext.ack}
	 * @param messages the messages, oldest first
	 * @param overflow how many messages did not fit in the buffer (dropped, or the session must be
	 * disconnected under the disconnect policy, in which case {@code messages} is empty)
	 */
	public record Batch(long number, List<EncodedMessage> messages, int overflow) {
	}

	private record Sent(EncodedMessage message, long batch) {
	}

}
