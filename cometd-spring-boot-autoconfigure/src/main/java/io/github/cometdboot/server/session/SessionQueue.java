package io.github.cometdboot.server.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;


/**
 * The bounded queue of messages waiting for one session, with a single waiter that is woken when
 * messages arrive.
 * <p>
 * The queue is the unit of buffering in the hub: a publish only appends here, so a slow client
 * never holds up a channel, and the capacity bounds its memory. A short lock guards the deque; the
 * waiter lives in a {@link WakeupSlot}.
 */
public final class SessionQueue {

	private final int capacity;

	private final OverflowPolicy policy;

	private final ArrayDeque<EncodedMessage> items = new ArrayDeque<>();

	private final WakeupSlot waiter = new WakeupSlot();

	private long dropped;

	/** Requests of the session whose replies take what is queued meanwhile (guarded by this). */
	private int requestsTakingMessages;

	public SessionQueue(int capacity, OverflowPolicy policy) {
		this.capacity = capacity;
		this.policy = policy;
	}

	/**
	 * Append a message, applying the overflow policy when full.
	 * @param message the message
	 * @return {@code false} when the queue is full and the policy is to disconnect
	 */
	public boolean offer(EncodedMessage message) {
		return add(message) != Offer.REFUSED;
	}

	/**
	 * Append a message, applying the overflow policy when full.
	 * @param message the message
	 * @return what happened
	 */
	public Offer add(EncodedMessage message) {
		Offer result;
		boolean wake;
		synchronized (this) {
			result = addWithoutWaking(message);
			wake = result != Offer.REFUSED && this.requestsTakingMessages == 0;
		}
		if (wake) {
			this.waiter.wake(Wakeup.MESSAGES);
		}
		return result;
	}

	/**
	 * A request of the session is being processed and its reply will take what is queued: until
	 * {@link #endRequest()}, messages do not wake the waiter (a held long poll stays held).
	 */
	public synchronized void startRequest() {
		this.requestsTakingMessages++;
	}

	/** The request's reply took the queue, or the request waits on something: wake the waiter for what is left. */
	public void endRequest() {
		boolean wake;
		synchronized (this) {
			this.requestsTakingMessages--;
			wake = this.requestsTakingMessages == 0 && !this.items.isEmpty();
		}
		if (wake) {
			this.waiter.wake(Wakeup.MESSAGES);
		}
	}

	/**
	 * Append a message, applying the overflow policy when full, without waking the waiter: for a caller
	 * that appends several under a lock of its own, and wakes it once released (the waiter's reaction
	 * runs on the waking thread).
	 * @param message the message
	 * @return what happened
	 */
	public synchronized Offer addWithoutWaking(EncodedMessage message) {
		Offer result = Offer.QUEUED;
		if (this.items.size() >= this.capacity) {
			if (this.policy == OverflowPolicy.DISCONNECT) {
				return Offer.REFUSED;
			}
			this.items.pollFirst();
			this.dropped++;
			result = Offer.QUEUED_DROPPING_OLDEST;
		}
		this.items.addLast(message);
		return result;
	}

	/** @return every queued message, oldest first, leaving the queue empty */
	public List<EncodedMessage> drain() {
		synchronized (this) {
			if (this.items.isEmpty()) {
				return List.of();
			}
			List<EncodedMessage> all = new ArrayList<>(this.items);
			this.items.clear();
			return all;
		}
	}

	/**
	 * Wait until the queue holds a message. There is one waiter at a time: a new one wakes the previous
	 * with {@link Wakeup#REPLACED}.
	 * @param next the waiter, woken at once if messages are queued, else when some arrive
	 */
	public void awaitMessages(WakeupSlot.Waiter next) {
		if (size() > 0) {
			next.wake(Wakeup.MESSAGES);
			return;
		}
		install(next);
	}

	/**
	 * Install a waiter, one-shot or lasting, in place of the previous one (woken with
	 * {@link Wakeup#REPLACED}); it is woken at once if messages are queued.
	 * @param next the waiter
	 */
	public void install(WakeupSlot.Waiter next) {
		this.waiter.install(next);
		// A message offered before the install woke the previous waiter, or none: look again.
		if (size() > 0) {
			this.waiter.wake(Wakeup.MESSAGES);
		}
	}

	/**
	 * Remove a lasting waiter, if it is still the installed one.
	 * @param pusher the waiter
	 */
	public void stopPushing(WakeupSlot.Waiter pusher) {
		this.waiter.remove(pusher);
	}

	/** @return whether a pushing connection waits for this queue's messages */
	public boolean isPushed() {
		return this.waiter.holdsLasting();
	}

	/**
	 * Wake the current waiter, if any, with the given reason.
	 * @param reason why
	 */
	public void wake(Wakeup reason) {
		this.waiter.wake(reason);
	}

	/** @return how many messages are queued */
	public synchronized int size() {
		return this.items.size();
	}

	/** @return how many messages the drop-oldest policy discarded */
	public synchronized long dropped() {
		return this.dropped;
	}

	/** The outcome of adding a message. */
	public enum Offer {

		/** Queued. */
		QUEUED,

		/** Queued, and the oldest message was dropped to make room. */
		QUEUED_DROPPING_OLDEST,

		/** Refused: the queue is full and the policy is to disconnect. */
		REFUSED

	}

}
