package io.github.cometdboot.server.session;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The batches a pushing connection (websocket, streaming) writes for one session: a request-driven
 * drain of the session's queue.
 * <p>
 * It stays installed in the session's queue as a lasting {@link WakeupSlot.Waiter}: a queued message
 * only bumps a counter and, if no drain runs, drains on the queuing thread. A batch is taken from the
 * queue only while the connection has demand, so a connection that stops writing leaves its messages
 * in the session's bounded queue, and when it asks again it gets them all in one batch. It completes,
 * without draining further, when the session ends or another waiter (a newer connection, a long poll)
 * takes the session's delivery over.
 */
public final class PushStream implements WakeupSlot.Waiter {

	private final ServerSession session;

	private final Function<ServerSession, List<EncodedMessage>> drain;

	private final FluxSink<List<EncodedMessage>> sink;

	/** Drain requests not yet looked at; the thread that raises it from 0 runs the drain loop. */
	private final AtomicInteger pending = new AtomicInteger();

	private volatile boolean done;

	private PushStream(ServerSession session, Function<ServerSession, List<EncodedMessage>> drain,
			FluxSink<List<EncodedMessage>> sink) {
		this.session = session;
		this.drain = drain;
		this.sink = sink;
	}

	/**
	 * The batches for a session.
	 * @param session the session
	 * @param drain takes the queued messages of the session, leaving its queue empty
	 * @return non-empty batches, oldest first
	 */
	public static Flux<List<EncodedMessage>> of(ServerSession session, Function<ServerSession, List<EncodedMessage>> drain) {
		// create(), not push(): only create() reports each request, which the drain loop waits for.
		return Flux.create((sink) -> new PushStream(session, drain, sink).start());
	}

	private void start() {
		this.sink.onDispose(() -> {
			this.done = true;
			this.session.stopPushing(this);
		});
		// Installed before the first drain: until then, an older connection may still be draining.
		this.session.startPushing(this);
		this.sink.onRequest((n) -> drain());
	}

	@Override
	public void wake(Wakeup reason) {
		if (reason != Wakeup.MESSAGES) {
			this.done = true;
		}
		drain();
	}

	@Override
	public boolean staysForMessages() {
		return true;
	}

	private void drain() {
		if (this.pending.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			try {
				while (!this.done && this.sink.requestedFromDownstream() > 0) {
					List<EncodedMessage> batch = this.drain.apply(this.session);
					if (batch.isEmpty()) {
						break;
					}
					this.sink.next(batch);
				}
			}
			catch (RuntimeException ex) {
				// The connection ends with the error rather than going silent; the counter stays raised.
				this.sink.error(ex);
				return;
			}
			if (this.done) {
				// Leaves the counter raised: nothing drains after completion.
				this.sink.complete();
				return;
			}
			missed = this.pending.addAndGet(-missed);
		}
		while (missed != 0);
	}

}
