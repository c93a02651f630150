package io.github.cometdboot.server.session;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A place for at most one waiter. Installing a waiter wakes the previous one with
 * {@link Wakeup#REPLACED}; this is how "at most one held connect per session" and "one pushing
 * connection per session" are enforced.
 * <p>
 * A waiter is woken outside the slot's lock, so what it does next (often a whole write) never runs
 * while the slot is locked. A one-shot waiter leaves the slot when woken; a {@linkplain Waiter#staysForMessages()
 * lasting} one stays there through {@link Wakeup#MESSAGES} wake-ups, so a pushing connection costs no
 * new waiter per message.
 */
public final class WakeupSlot {

	private volatile @Nullable Waiter waiter;

	/**
	 * Install a waiter, waking the previous one with {@link Wakeup#REPLACED}.
	 * @param next the new waiter
	 */
	public void install(Waiter next) {
		Waiter previous;
		synchronized (this) {
			previous = this.waiter;
			this.waiter = next;
		}
		if (previous != null) {
			previous.wake(Wakeup.REPLACED);
		}
	}

	/**
	 * Take a waiter out of the slot without waking it, if it is still the installed one.
	 * @param waiter the waiter that goes
	 */
	public synchronized void remove(Waiter waiter) {
		if (this.waiter == waiter) {
			this.waiter = null;
		}
	}

	/** @return whether the waiter in the slot is a lasting one (a pushing connection) */
	public boolean holdsLasting() {
		Waiter current = this.waiter;
		return current != null && current.staysForMessages();
	}

	/**
	 * Wake the current waiter, if any.
	 * @param reason why
	 */
	public void wake(Wakeup reason) {
		Waiter current = this.waiter;
		if (current == null) {
			return;
		}
		// The hot path of a pushing connection: no lock. If that waiter is replaced at this very moment,
		// it ignores the wake-up, and the new waiter looks at the queue itself once installed.
		if (reason == Wakeup.MESSAGES && current.staysForMessages()) {
			current.wake(reason);
			return;
		}
		synchronized (this) {
			current = this.waiter;
			if (current == null) {
				return;
			}
			if (reason != Wakeup.MESSAGES || !current.staysForMessages()) {
				this.waiter = null;
			}
		}
		current.wake(reason);
	}

	/** Something waiting in a {@link WakeupSlot}. */
	public interface Waiter {

		/**
		 * Wake it. Called outside the slot's lock, possibly on the thread that queued a message.
		 * @param reason why
		 */
		void wake(Wakeup reason);

		/** @return whether it stays installed when woken for messages */
		boolean staysForMessages();

	}

	/**
	 * A waiter woken once, whatever the reason: the first wake-up wins, later ones are ignored. One
	 * waiter may wait in several slots at once (a held connect waits for its release and for messages).
	 */
	public static final class OneShot implements Waiter {

		private final Sinks.One<Wakeup> sink = Sinks.one();

		/** @return a mono of the reason of the first wake-up */
		public Mono<Wakeup> mono() {
			return this.sink.asMono();
		}

		@Override
		public void wake(Wakeup reason) {
			this.sink.tryEmitValue(reason);
		}

		@Override
		public boolean staysForMessages() {
			return false;
		}

	}

}
