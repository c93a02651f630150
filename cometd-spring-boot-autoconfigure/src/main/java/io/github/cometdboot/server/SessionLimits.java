package io.github.cometdboot.server;

/**
 * What one session, and the server as a whole, may use, beyond the queue and message size limits.
 * Zero means no limit.
 *
 * @param maxSubscriptionsPerSession how many channels (or wildcards) one session may subscribe to;
 * a subscribe beyond it fails with {@code 403::subscription_limit}
 * @param maxPublishRate how many messages one session may publish per second, on average; a publish
 * beyond it fails with {@code 429::publish_rate_exceeded}
 * @param publishBurst how many publishes one session may make at once before the rate applies; zero
 * means as many as the rate
 * @param maxConnections how many connections may be open on the Bayeux path at once (held long polls,
 * requests being processed, websockets, streams); beyond it requests get {@code 503}
 * @param maxSessions how many sessions this server may hold at once; a handshake beyond it fails with
 * {@code 503::too_many_sessions}
 * @param maxHandshakeRate how many handshakes one client address may make per second, on average; a
 * handshake beyond it fails with {@code 429::handshake_rate_exceeded}
 * @param handshakeBurst how many handshakes one client address may make at once before the rate
 * applies; zero means as many as the rate
 */
public record SessionLimits(int maxSubscriptionsPerSession, int maxPublishRate, int publishBurst,
		int maxConnections, int maxSessions, int maxHandshakeRate, int handshakeBurst) {

	/** The heap one session may be expected to take at most: a full queue of 1000 entries and more. */
	private static final long HEAP_PER_SESSION = 64 * 1024;

	/**
	 * Validate the limits.
	 */
	public SessionLimits {
		if (maxSubscriptionsPerSession < 0 || maxPublishRate < 0 || publishBurst < 0 || maxConnections < 0
				|| maxSessions < 0 || maxHandshakeRate < 0 || handshakeBurst < 0) {
			throw new IllegalArgumentException("Limits must not be negative (zero means no limit)");
		}
	}

	/**
	 * Create limits with no limit on sessions nor on the handshake rate.
	 * @param maxSubscriptionsPerSession see {@link #maxSubscriptionsPerSession()}
	 * @param maxPublishRate see {@link #maxPublishRate()}
	 * @param publishBurst see {@link #publishBurst()}
	 * @param maxConnections see {@link #maxConnections()}
	 */
	public SessionLimits(int maxSubscriptionsPerSession, int maxPublishRate, int publishBurst, int maxConnections) {
		this(maxSubscriptionsPerSession, maxPublishRate, publishBurst, maxConnections, 0, 0, 0);
	}

	/**
	 * The defaults: 1000 subscriptions per session, no publish rate, 10000 connections,
	 * {@link #defaultMaxSessions(long) sessions by the heap}, and 20 handshakes per second with a burst
	 * of 200 per client address.
	 * @return the defaults
	 */
	public static SessionLimits defaults() {
		return new SessionLimits(1000, 0, 0, 10_000, defaultMaxSessions(Runtime.getRuntime().maxMemory()), 20, 200);
	}

	/** @return no limit at all */
	public static SessionLimits none() {
		return new SessionLimits(0, 0, 0, 0);
	}

	/**
	 * The default limit on sessions: as many as take half the heap if each took 64 KB (an idle session
	 * takes under 1 KB; a full queue of 1000 messages shared with other sessions about 32 KB), and at
	 * least 1000. A 1 GB heap holds 16384 sessions.
	 * @param maxHeap the most heap the JVM will use, in bytes
	 * @return the number of sessions
	 */
	public static int defaultMaxSessions(long maxHeap) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1000, maxHeap / HEAP_PER_SESSION));
	}

	/** @return the burst in effect: {@link #publishBurst()}, or the rate when that is zero */
	public int effectiveBurst() {
		return (this.publishBurst > 0) ? this.publishBurst : this.maxPublishRate;
	}

	/** @return the handshake burst in effect: {@link #handshakeBurst()}, or the rate when that is zero */
	public int effectiveHandshakeBurst() {
		return (this.handshakeBurst > 0) ? this.handshakeBurst : this.maxHandshakeRate;
	}

}
