package io.github.cometdboot.server;

import io.github.cometdboot.CometSession;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.SessionListener;
import io.github.cometdboot.server.session.ServerSession;
import java.util.function.LongSupplier;

/**
 * Limits how fast each session may publish, with one token bucket per session: a burst of
 * {@link SessionLimits#effectiveBurst()} publishes, refilled at {@link SessionLimits#maxPublishRate()}
 * per second. The buckets are forgotten with their session.
 */
final class PublishRateLimiter implements SessionListener {

	private final TokenBuckets<String> buckets;

	/**
	 * @param limits the limits; a zero rate allows every publish
	 * @param millis the server's clock, in milliseconds
	 */
	PublishRateLimiter(SessionLimits limits, LongSupplier millis) {
		this.buckets = new TokenBuckets<>(limits.maxPublishRate(), limits.effectiveBurst(), millis);
	}

	/**
	 * Take a publish from the session's allowance.
	 * @param session the publisher
	 * @return whether the session may publish now
	 */
	boolean tryPublish(ServerSession session) {
		if (!this.buckets.isLimited()) {
			return true;
		}
		if (session.isEnded()) {
			// Keep no bucket for a session that is gone (sessionRemoved may already have run).
			return false;
		}
		return this.buckets.tryTake(session.id()) == 0;
	}

	@Override
	public void sessionRemoved(CometSession session, DisconnectReason reason) {
		this.buckets.remove(session.id());
	}

}
