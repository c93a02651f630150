package io.github.cometdboot.server;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.server.session.ServerSession;
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
 * The subscriber lookup of a publish, over many channels with wildcard subscriptions among them. It
 * lives in the hub's package because the lookup is package-private: the benchmark measures the real
 * method, not a copy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChannelRegistryBenchmark {

	/** How many concrete channels have subscribers. */
	@Param({ "100", "10000" })
	public int channels;

	/** Subscribers of each concrete channel. */
	@Param({ "10" })
	public int perChannel;

	private final ChannelRegistry registry = new ChannelRegistry();

	private ChannelId target;

	/** Subscribe sessions to every channel, and a few to wildcards that match the target. */
	@Setup
	public void setUp() {
		ServerSettings settings = ServerSettings.defaults();
		int rooms = Math.max(1, this.channels / 10);
		int session = 0;
		for (int i = 0; i < this.channels; i++) {
			ChannelId channel = ChannelId.of("/chat/room" + (i % rooms) + "/topic" + (i / rooms));
			for (int j = 0; j < this.perChannel; j++) {
				this.registry.subscribe(newSession(session++, settings), channel, 0);
			}
		}
		for (String wildcard : new String[] { "/chat/room7/*", "/chat/room7/**", "/chat/**", "/**", "/chat/*" }) {
			this.registry.subscribe(newSession(session++, settings), ChannelId.of(wildcard), 0);
		}
		this.target = ChannelId.of("/chat/room7/topic3");
	}

	private static ServerSession newSession(int index, ServerSettings settings) {
		return new ServerSession("session-" + index, null, "websocket", 0, settings.sessionSettings());
	}

	/** @return the number of subscribers of one channel, directly and through wildcards, visited one by one */
	@Benchmark
	public int subscribersOf() {
		return visit(this.registry.subscribersOf(this.target, 1));
	}

	/** @return the same, parsing the channel name first as a client publish does */
	@Benchmark
	public int parseThenSubscribersOf() {
		return visit(this.registry.subscribersOf(ChannelId.of("/chat/room7/topic3"), 1));
	}

	/** Visit every subscriber, as a delivery does: the lookup may hand out a live view. */
	private static int visit(Collection<ServerSession> subscribers) {
		int visited = 0;
		for (ServerSession subscriber : subscribers) {
			visited += (subscriber != null) ? 1 : 0;
		}
		return visited;
	}

}
