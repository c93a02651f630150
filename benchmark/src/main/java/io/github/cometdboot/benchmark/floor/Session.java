package io.github.cometdboot.benchmark.floor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;

/**
 * A Bayeux session: its id, the event loop that delivers to it, and the channels it subscribes to.
 */
abstract class Session {

	/** How long a {@code /meta/connect} is held: the {@code advice.timeout} of the handshake reply. */
	static final long CONNECT_TIMEOUT_MILLIS = 30_000;

	static final long CONNECT_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MILLIS);

	private final String id;

	private final EventExecutor home;

	private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();

	/**
	 * @param id the client id
	 * @param home the event loop that runs {@link #deliver} for this session
	 */
	Session(String id, EventExecutor home) {
		this.id = id;
		this.home = home;
	}

	/** @return the client id */
	final String id() {
		return this.id;
	}

	/** @return the event loop that runs {@link #deliver} for this session */
	final EventExecutor home() {
		return this.home;
	}

	/** @return the channels this session subscribes to */
	final Set<String> subscriptions() {
		return this.subscriptions;
	}

	/**
	 * Deliver a published message; called on {@link #home()}.
	 * @param publication the message, which this call does not release
	 */
	abstract void deliver(Publication publication);

	/**
	 * Answer the held {@code /meta/connect} if its time is up.
	 * @param nowNanos {@link System#nanoTime()}
	 */
	abstract void expire(long nowNanos);

	/** The session is gone: answer its held {@code /meta/connect}, drop what is queued. */
	abstract void close();

}
