package io.github.cometdboot.server.transport;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cometdboot.server.ServerObserver;
import org.jspecify.annotations.Nullable;

/**
 * Counts the connections open on the Bayeux path (requests being processed, held long polls,
 * websockets, streams) and refuses new ones beyond a maximum, so that a flood of clients costs
 * bounded memory, and beyond a share of that maximum per client address, so that one client cannot
 * take every connection and lock everyone else out. Refusals are counted as {@code connection_limit}
 * and {@code address_connection_limit}.
 * <p>
 * The web server's sockets, idle ones included, are counted too ({@link #tryOpenSocket()}), by the
 * server's own connection handling where it reports them.
 */
public final class ConnectionLimit {

	private final int max;

	private final int maxPerAddress;

	private final ServerObserver observer;

	private final AtomicInteger open = new AtomicInteger();

	private final ConcurrentMap<String, Integer> openByAddress = new ConcurrentHashMap<>();

	private final AtomicInteger sockets = new AtomicInteger();

	/**
	 * Create the limit with no share per address.
	 * @param max the most connections open at once; zero means no limit
	 * @param observer where refusals are reported
	 */
	public ConnectionLimit(int max, ServerObserver observer) {
		this(max, 0, observer);
	}

	/**
	 * Create the limit.
	 * @param max the most connections open at once; zero means no limit
	 * @param maxPerAddress the most connections one client address may hold at once; zero means no
	 * limit but {@code max}
	 * @param observer where refusals are reported
	 */
	public ConnectionLimit(int max, int maxPerAddress, ServerObserver observer) {
		if (max < 0 || maxPerAddress < 0) {
			throw new IllegalArgumentException("max and maxPerAddress must not be negative");
		}
		this.max = max;
		this.maxPerAddress = maxPerAddress;
		this.observer = observer;
	}

	/**
	 * The default share of one client address: a tenth of the maximum, so that ten busy addresses (or
	 * one attacker with ten) are needed to fill the server, while a NAT or proxy in front of many users
	 * still gets a large part.
	 * @param max the most connections open at once; zero means no limit
	 * @return the share, zero when {@code max} is zero
	 */
	public static int defaultMaxPerAddress(int max) {
		return (max == 0) ? 0 : Math.max(1, max / 10);
	}

	/**
	 * Open a connection if there is room; a successful call must be matched by
	 * {@link #close(String)} with the same address.
	 * @param address the client's address, or {@code null} when unknown (only the total counts then)
	 * @return whether the connection may proceed
	 */
	public boolean tryOpen(@Nullable String address) {
		if (!tryIncrement(this.open)) {
			return false;
		}
		if (!tryOpenFor(address)) {
			this.open.decrementAndGet();
			this.observer.refused(ServerObserver.RefusalReason.ADDRESS_CONNECTION_LIMIT);
			return false;
		}
		return true;
	}

	private boolean tryOpenFor(@Nullable String address) {
		if (address == null) {
			return true;
		}
		boolean[] admitted = { false };
		this.openByAddress.compute(address, (key, count) -> {
			int held = (count != null) ? count : 0;
			if (this.maxPerAddress > 0 && held >= this.maxPerAddress) {
				return count;
			}
			admitted[0] = true;
			return held + 1;
		});
		return admitted[0];
	}

	/**
	 * Whether a new connection would be refused now, counting the refusal when it would: checked before
	 * a websocket upgrade or a stream, so that they are refused with a status rather than after it.
	 * @param address the client's address, or {@code null} when unknown
	 * @return whether the limit, or the address's share of it, is reached
	 */
	public boolean refuses(@Nullable String address) {
		if (this.max > 0 && this.open.get() >= this.max) {
			this.observer.refused(ServerObserver.RefusalReason.CONNECTION_LIMIT);
			return true;
		}
		if (this.maxPerAddress > 0 && address != null && openFrom(address) >= this.maxPerAddress) {
			this.observer.refused(ServerObserver.RefusalReason.ADDRESS_CONNECTION_LIMIT);
			return true;
		}
		return false;
	}

	/**
	 * Count a connection that was admitted by {@link #refuses(String)}: it may take the count a little
	 * over the maximum when several race, which is better than ending it after its response started.
	 * @param address the client's address, or {@code null} when unknown
	 */
	public void openAdmitted(@Nullable String address) {
		this.open.incrementAndGet();
		if (address != null) {
			this.openByAddress.merge(address, 1, Integer::sum);
		}
	}

	/**
	 * A connection opened by {@link #tryOpen(String)} or {@link #openAdmitted(String)} closed.
	 * @param address the address it was opened with
	 */
	public void close(@Nullable String address) {
		this.open.decrementAndGet();
		if (address != null) {
			// Forget an address with no connection left, so that the map holds only current clients.
			this.openByAddress.computeIfPresent(address, (key, count) -> (count > 1) ? count - 1 : null);
		}
	}

	/** @return the connections open now */
	public int openConnections() {
		return this.open.get();
	}

	/**
	 * @param address a client address
	 * @return the connections that address holds now
	 */
	public int openFrom(String address) {
		return this.openByAddress.getOrDefault(address, 0);
	}

	/**
	 * Count a socket the web server accepted, if there is room for it: every socket counts, idle ones
	 * and those still sending their request included, so that a flood of sockets that never make a
	 * request is bounded too. A successful call must be matched by {@link #closeSocket()}.
	 * @return whether the socket may stay open
	 */
	public boolean tryOpenSocket() {
		return tryIncrement(this.sockets);
	}

	/** Add one to a count unless it reached the maximum, which is counted as a refusal. */
	private boolean tryIncrement(AtomicInteger count) {
		while (true) {
			int current = count.get();
			if (this.max > 0 && current >= this.max) {
				this.observer.refused(ServerObserver.RefusalReason.CONNECTION_LIMIT);
				return false;
			}
			if (count.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	/** A socket counted by {@link #tryOpenSocket()} closed. */
	public void closeSocket() {
		this.sockets.decrementAndGet();
	}

	/** @return the web server's sockets open now, where the server reports them */
	public int openSockets() {
		return this.sockets.get();
	}

	/** @return the maximum, zero for none */
	public int max() {
		return this.max;
	}

	/** @return the most connections one address may hold, zero for no share but the maximum */
	public int maxPerAddress() {
		return this.maxPerAddress;
	}

}
