package io.github.cometdboot.benchmark.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.ChannelId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Channel names on the publish path: every client publish parses its channel and asks for the
 * wildcards that match it; and, for contrast, matching one channel against many wildcard patterns one
 * by one, which is what the registry's lookup by matching wildcards avoids.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChannelIdBenchmark {

	/** How many wildcard patterns the linear scan goes through. */
	@Param({ "1000" })
	public int patterns;

	private final String name = "/chat/room17/messages";

	private ChannelId parsed;

	private List<ChannelId> wildcards;

	/** Build the patterns. */
	@Setup
	public void setUp() {
		this.parsed = ChannelId.of(this.name);
		this.wildcards = new ArrayList<>();
		for (int i = 0; i < this.patterns; i++) {
			this.wildcards.add(ChannelId.of("/chat/room" + i + ((i % 2 == 0) ? "/*" : "/**")));
		}
	}

	/** @return the channel of a {@code /meta/connect}, parsed as every request's channel is */
	@Benchmark
	public ChannelId parseConnect() {
		return ChannelId.of("/meta/connect");
	}

	/** @return the matching wildcards of a freshly parsed name, as a client publish does */
	@Benchmark
	public List<String> parseAndMatchingWildcards() {
		return ChannelId.of(this.name).matchingWildcards();
	}

	/** @return how many of the patterns match, scanning them all */
	@Benchmark
	public int linearScan() {
		int matches = 0;
		for (ChannelId wildcard : this.wildcards) {
			if (wildcard.matches(this.parsed)) {
				matches++;
			}
		}
		return matches;
	}

}
