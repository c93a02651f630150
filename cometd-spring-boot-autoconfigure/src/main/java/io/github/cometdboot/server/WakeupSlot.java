package io.github.cometdboot.server;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A place for at most one waiter. Installing a waiter wakes the previous one with
 * {@link Wakeup#REPLACED}; this is how "at most one held connect per session" is enforced.
 * <p>
 * Each waiter is a {@link Sinks.One} taken out of the slot under a short lock and completed outside
 * it, so exactly one thread ever emits to it.
 */
final class WakeupSlot {

	private Sinks.@Nullable One<Wakeup> waiter;

	/**
	 * Install a new waiter, waking the previous one.
	 * @return a mono completed with the reason the new waiter was woken
	 */
	Mono<Wakeup> await() {
		Sinks.One<Wakeup> next = Sinks.one();
		Sinks.One<Wakeup> previous;
		synchronized (this) {
			previous = this.waiter;
			this.waiter = next;
		}
		if (previous != null) {
			previous.tryEmitValue(Wakeup.REPLACED);
		}
		return next.asMono();
	}

	/**
	 * Wake the current waiter, if any.
	 * @param reason why
	 */
	void wake(Wakeup reason) {
		Sinks.One<Wakeup> current;
		synchronized (this) {
			current = this.waiter;
			this.waiter = null;
		}
		if (current != null) {
			current.tryEmitValue(reason);
		}
	}

}
