package io.github.cometdboot.server;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * One Bucket4j token bucket per key (a session, a client address): a burst of tokens, refilled at a
 * rate per second. The buckets read the server's clock, so virtual time drives them in tests.
 *
 * @param <K> the key type
 */
final class TokenBuckets<K> {

	private final int rate;

	private final int burst;

	private final TimeMeter clock;

	private final ConcurrentHashMap<K, Bucket> buckets = new ConcurrentHashMap<>();

	/**
	 * @param rate tokens added per second; zero for no limit
	 * @param burst the most tokens a bucket holds
	 * @param millis the server's clock, in milliseconds
	 */
	TokenBuckets(int rate, int burst, LongSupplier millis) {
		this.rate = rate;
		this.burst = burst;
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

	/** @return whether there is a limit at all */
	boolean isLimited() {
		return this.rate > 0;
	}

	/**
	 * Take one token from the key's bucket.
	 * @param key the key
	 * @return zero if a token was taken, else how many nanoseconds until one will be there
	 */
	long tryTake(K key) {
		if (this.rate == 0) {
			return 0;
		}
		ConsumptionProbe probe = this.buckets.computeIfAbsent(key, (k) -> newBucket()).tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
	}

	/** Forget a key's bucket. */
	void remove(K key) {
		this.buckets.remove(key);
	}

	/** Forget the buckets that refilled completely: they would be created again just the same. */
	void removeFull() {
		this.buckets.values().removeIf((bucket) -> bucket.getAvailableTokens() >= this.burst);
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(this.burst).refillGreedy(this.rate, Duration.ofSeconds(1)))
			.withCustomTimePrecision(this.clock)
			.build();
	}

}
