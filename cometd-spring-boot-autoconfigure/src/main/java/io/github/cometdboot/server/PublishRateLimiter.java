package io.github.cometdboot.server;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * Limits how fast each session may publish, with one Bucket4j token bucket per session: a burst of
 * {@link SessionLimits#effectiveBurst()} publishes, refilled at {@link SessionLimits#maxPublishRate()}
 * per second. The buckets read the server's clock, so virtual time drives them in tests, and are
 * forgotten with their session.
 */
final class PublishRateLimiter implements SessionListener {

	private final int rate;

	private final int burst;

	private final TimeMeter clock;

	private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	/**
	 * @param limits the limits; a zero rate allows every publish
	 * @param millis the server's clock, in milliseconds
	 */
	PublishRateLimiter(SessionLimits limits, LongSupplier millis) {
		this.rate = limits.maxPublishRate();
		this.burst = limits.effectiveBurst();
		this.clock = new TimeMeter() {

			@Override
			public long currentTimeNanos() {
				return millis.getAsLong() * 1_000_000L;
			}

			@Override
			public boolean isWallClockBased() {
				return false;
			}

		};
	}

	/**
	 * Take a publish from the session's allowance.
	 * @param session the publisher
	 * @return whether the session may publish now
	 */
	boolean tryPublish(ServerSession session) {
		if (this.rate == 0) {
			return true;
		}
		if (session.isEnded()) {
			// Keep no bucket for a session that is gone (sessionRemoved may already have run).
			return false;
		}
		return this.buckets.computeIfAbsent(session.id(), (id) -> newBucket()).tryConsume(1);
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(this.burst).refillGreedy(this.rate, Duration.ofSeconds(1)))
			.withCustomTimePrecision(this.clock)
			.build();
	}

	@Override
	public void sessionRemoved(ServerSession session, DisconnectReason reason) {
		this.buckets.remove(session.id());
	}

}
