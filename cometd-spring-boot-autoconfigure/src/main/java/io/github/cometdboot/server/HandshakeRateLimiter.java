package io.github.cometdboot.server;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Limits how fast one client address may make sessions, with one token bucket per address: a burst
 * of {@link SessionLimits#effectiveHandshakeBurst()} handshakes, refilled at
 * {@link SessionLimits#maxHandshakeRate()} per second.
 * <p>
 * The key is the address, not the browser cookie: the cookie is whatever the client sends, so a
 * client that wants more sessions would send a new one with every handshake. The buckets of addresses
 * that stopped handshaking are dropped when they are full again, so the map holds only the addresses
 * active in the last seconds.
 */
final class HandshakeRateLimiter {

	private final TokenBuckets<String> buckets;

	/**
	 * @param limits the limits; a zero rate allows every handshake
	 * @param millis the server's clock, in milliseconds
	 */
	HandshakeRateLimiter(SessionLimits limits, LongSupplier millis) {
		this.buckets = new TokenBuckets<>(limits.maxHandshakeRate(), limits.effectiveHandshakeBurst(), millis);
	}

	/**
	 * Take a handshake from the address's allowance.
	 * @param clientAddress the address of the client, {@code null} when the transport does not know it
	 * (then there is no limit)
	 * @return zero if the client may handshake now, else how many milliseconds until it may
	 */
	long tryHandshake(@Nullable String clientAddress) {
		if (clientAddress == null) {
			return 0;
		}
		long nanos = this.buckets.tryTake(clientAddress);
		return (nanos == 0) ? 0 : TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
	}

	/** Forget the addresses whose allowance is full again. */
	void sweep() {
		this.buckets.removeFull();
	}

}
