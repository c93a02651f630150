package io.github.cometdboot.server.transport;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.cometdboot.server.ServerObserver;

/**
 * Counts the connections open on the Bayeux path (requests being processed, held long polls,
 * websockets, streams) and refuses new ones beyond a maximum, so that a flood of clients costs
 * bounded memory. A refusal is counted as {@code connection_limit}.
 */
public final class ConnectionLimit {

	private final int max;

	private final ServerObserver observer;

	private final AtomicInteger open = new AtomicInteger();

	/**
	 * Create the limit.
	 * @param max the most connections open at once; zero means no limit
	 * @param observer where refusals are reported
	 */
	public ConnectionLimit(int max, ServerObserver observer) {
		if (max < 0) {
			throw new IllegalArgumentException("max must not be negative");
		}
		this.max = max;
		this.observer = observer;
	}

	/**
	 * Open a connection if there is room; a successful call must be matched by {@link #close()}.
	 * @return whether the connection may proceed
	 */
	public boolean tryOpen() {
		while (true) {
			int current = this.open.get();
			if (this.max > 0 && current >= this.max) {
				this.observer.refused(ServerObserver.RefusalReason.CONNECTION_LIMIT);
				return false;
			}
			if (this.open.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	/**
	 * Whether a new connection would be refused now, counting the refusal when it would: checked before
	 * a websocket upgrade or a stream, so that they are refused with a status rather than after it.
	 * @return whether the limit is reached
	 */
	public boolean refuses() {
		if (this.max > 0 && this.open.get() >= this.max) {
			this.observer.refused(ServerObserver.RefusalReason.CONNECTION_LIMIT);
			return true;
		}
		return false;
	}

	/**
	 * Count a connection that was admitted by {@link #refuses()}: it may take the count a little over
	 * the maximum when several race, which is better than ending it after its response started.
	 */
	public void openAdmitted() {
		this.open.incrementAndGet();
	}

	/** A connection opened by {@link #tryOpen()} or {@link #openAdmitted()} closed. */
	public void close() {
		this.open.decrementAndGet();
	}

	/** @return the connections open now */
	public int openConnections() {
		return this.open.get();
	}

	/** @return the maximum, zero for none */
	public int max() {
		return this.max;
	}

}
