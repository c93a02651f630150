package io.github.cometdboot.server.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.ChannelId;

/**
 * Holds back, for one session, the live messages of the channels it is recovering, while their history
 * is read: the recovered messages must be queued first, and a message both recovered and live only once.
 * <p>
 * The subscription is made before the history is read, so nothing published meanwhile is missed; what
 * arrives live meanwhile waits here, and is queued after the recovered messages, without those whose
 * offset was recovered or already received.
 */
public final class RecoveryBuffer {

	private final Map<ChannelId, List<EncodedMessage>> held = new HashMap<>();

	/** Read without the lock on every delivery: most sessions never recover anything. */
	private volatile int recovering;

	/** Start holding back the live messages of a channel. */
	public synchronized void start(ChannelId channel) {
		if (this.held.putIfAbsent(channel, new ArrayList<>()) == null) {
			this.recovering++;
		}
	}

	/**
	 * Hold a live message back if its channel is being recovered.
	 * @param message the message
	 * @return whether it was held back
	 */
	public boolean hold(EncodedMessage message) {
		if (this.recovering == 0) {
			return false;
		}
		synchronized (this) {
			List<EncodedMessage> messages = this.held.get(message.channel());
			if (messages == null) {
				return false;
			}
			messages.add(message);
			return true;
		}
	}

	/**
	 * Queue the recovered messages, then the live ones held back that are newer, and stop holding back.
	 * Runs under this buffer's lock, so a live message that arrives meanwhile waits and goes after them;
	 * the queue's waiter is not woken here (the caller wakes it once this returns).
	 * @param channel the channel
	 * @param recovered the recovered messages, oldest first
	 * @param received the offset of the last message the client already has, or {@code -1} if unknown
	 * @param queue the session's queue
	 * @return how many messages the queue could not take without dropping or refusing
	 */
	public synchronized int finish(ChannelId channel, List<EncodedMessage> recovered, long received, SessionQueue queue) {
		List<EncodedMessage> live = this.held.get(channel);
		if (live == null) {
			return 0;
		}
		int overflow = 0;
		long newest = received;
		for (EncodedMessage message : recovered) {
			newest = Math.max(newest, offsetOf(message));
			overflow += (queue.addWithoutWaking(message) == SessionQueue.Offer.QUEUED) ? 0 : 1;
		}
		for (EncodedMessage message : live) {
			long offset = offsetOf(message);
			if (offset < 0 || offset > newest) {
				overflow += (queue.addWithoutWaking(message) == SessionQueue.Offer.QUEUED) ? 0 : 1;
			}
		}
		this.held.remove(channel);
		this.recovering--;
		return overflow;
	}

	/**
	 * The history offset a delivered message carries in {@code ext.history.offset} (the hub's history
	 * extension stamps it), or {@code -1} when it has none.
	 */
	private static long offsetOf(EncodedMessage message) {
		Map<String, Object> ext = message.message().ext();
		if (ext != null && ext.get("history") instanceof Map<?, ?> history
				&& history.get("offset") instanceof Number offset) {
			return offset.longValue();
		}
		return -1;
	}

}
