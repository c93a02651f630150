package io.github.cometdboot.benchmark.flood;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What one healthy subscriber got of one phase's probes.
 *
 * @param sent probes published in the phase
 * @param received how many of them the subscriber received
 * @param p50Millis the median latency, from when a probe was published to when it arrived
 * @param p99Millis the 99th percentile latency
 * @param maxMillis the highest latency
 */
record HealthyFigures(long sent, long received, double p50Millis, double p99Millis, double maxMillis) {

	/**
	 * @param latencyMicros the latencies of the probes received, or {@code null} if none was
	 * @param sent probes published
	 * @param received probes received
	 * @return the figures
	 */
	static HealthyFigures of(@Nullable Histogram latencyMicros, long sent, long received) {
		if (latencyMicros == null || latencyMicros.getTotalCount() == 0) {
			return new HealthyFigures(sent, received, Double.NaN, Double.NaN, Double.NaN);
		}
		return new HealthyFigures(sent, received, latencyMicros.getValueAtPercentile(50) / 1000.0,
				latencyMicros.getValueAtPercentile(99) / 1000.0, latencyMicros.getMaxValue() / 1000.0);
	}

	/** @return probes published in the phase that the subscriber did not receive */
	long lost() {
		return this.sent - this.received;
	}

}
