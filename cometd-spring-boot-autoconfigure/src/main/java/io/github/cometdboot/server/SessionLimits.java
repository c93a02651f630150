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
 */
public record SessionLimits(int maxSubscriptionsPerSession, int maxPublishRate, int publishBurst,
		int maxConnections) {

	/**
	 * Validate the limits.
	 */
	public SessionLimits {
		if (maxSubscriptionsPerSession < 0 || maxPublishRate < 0 || publishBurst < 0 || maxConnections < 0) {
			throw new IllegalArgumentException("Limits must not be negative (zero means no limit)");
		}
	}

	/** @return the defaults: 1000 subscriptions per session, no publish rate, 10000 connections */
	public static SessionLimits defaults() {
		return new SessionLimits(1000, 0, 0, 10_000);
	}

	/** @return no limit at all */
	public static SessionLimits none() {
		return new SessionLimits(0, 0, 0, 0);
	}

	/** @return the burst in effect: {@link #publishBurst()}, or the rate when that is zero */
	public int effectiveBurst() {
		return (this.publishBurst > 0) ? this.publishBurst : this.maxPublishRate;
	}

}
