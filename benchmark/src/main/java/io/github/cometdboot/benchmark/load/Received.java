package io.github.cometdboot.benchmark.load;

import org.jspecify.annotations.Nullable;

/**
 * The fields of one received Bayeux message that the load generator looks at.
 *
 * @param channel the channel
 * @param successful the {@code successful} field, {@code null} when absent (a delivered message)
 * @param clientId the {@code clientId}, present in handshake replies
 * @param error the {@code error}, if any
 * @param reconnect {@code advice.reconnect}, if any
 * @param publisher {@code data.p}: the publishing client, or -1 when the message carries no probe
 * @param sequence {@code data.s}: the publisher's sequence number
 * @param sentNanos {@code data.t}: when it was due to be sent, in nanoseconds from the run's origin
 */
public record Received(String channel, @Nullable Boolean successful, @Nullable String clientId,
		@Nullable String error, @Nullable String reconnect, int publisher, long sequence, long sentNanos) {

	/** @return whether this is a delivered probe message (not a reply) */
	public boolean isProbe() {
		return this.publisher >= 0 && this.successful == null;
	}

	/** @return whether this is a reply that reports a failure */
	public boolean isFailure() {
		return Boolean.FALSE.equals(this.successful);
	}

}
