package io.github.cometdboot.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.ServerObserver;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;

/**
 * Records, for each batch a transport takes from a queue, its size and the publish-to-write time of
 * each message in it.
 */
final class WriteMetricsObserver implements ServerObserver {

	private final DistributionSummary depth;

	private final Timer latency;

	WriteMetricsObserver(DistributionSummary depth, Timer latency) {
		this.depth = depth;
		this.latency = latency;
	}

	@Override
	public void written(List<EncodedMessage> batch) {
		this.depth.record(batch.size());
		long now = System.nanoTime();
		for (EncodedMessage message : batch) {
			this.latency.record(now - message.publishedNanos(), TimeUnit.NANOSECONDS);
		}
	}

}
