package io.github.cometdboot.server;

import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.SessionQueue;
import io.github.cometdboot.server.session.Wakeup;
import io.github.cometdboot.server.session.WakeupSlot;
import reactor.core.publisher.Mono;

/**
 * One-shot waiters as monos, for tests that watch a slot, a queue or a session the way a held
 * connect does.
 */
final class Waiters {

	private Waiters() {
	}

	/** @return the reason a new waiter installed in the slot is woken */
	static Mono<Wakeup> await(WakeupSlot slot) {
		WakeupSlot.OneShot waiter = new WakeupSlot.OneShot();
		slot.install(waiter);
		return waiter.mono();
	}

	/** @return the reason a new message waiter of the queue is woken */
	static Mono<Wakeup> whenNotEmpty(SessionQueue queue) {
		WakeupSlot.OneShot waiter = new WakeupSlot.OneShot();
		queue.awaitMessages(waiter);
		return waiter.mono();
	}

	/** @return the reason a new message waiter of the session is woken */
	static Mono<Wakeup> whenMessagesQueued(ServerSession session) {
		WakeupSlot.OneShot waiter = new WakeupSlot.OneShot();
		session.awaitMessages(waiter);
		return waiter.mono();
	}

	/** @return the reason a newly held connect of the session is released */
	static Mono<Wakeup> holdConnect(ServerSession session) {
		WakeupSlot.OneShot waiter = new WakeupSlot.OneShot();
		session.holdConnect(waiter);
		return waiter.mono();
	}

}
