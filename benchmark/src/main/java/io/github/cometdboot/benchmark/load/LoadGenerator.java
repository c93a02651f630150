package io.github.cometdboot.benchmark.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives a Bayeux server with many clients: sets them up, publishes probes at the offered rate (open
 * loop: a late send keeps its due time, so queueing shows in the latency), measures a window after a
 * warm-up, waits for the last deliveries, and books loss and duplicates exactly.
 * <p>
 * Run it with {@code java -jar benchmarks.jar load --url=... --transport=websocket ...}; it prints one
 * JSON summary line on standard output and progress on standard error.
 */
public final class LoadGenerator {

	private final LoadOptions options;

	private final Ledger ledger = new Ledger();

	private final List<BayeuxClient> clients = new ArrayList<>();

	private final long[] sent;

	private final long ownPid = ProcessHandle.current().pid();

	private long[] serverCpuAtOpen = { -1, -1 };

	private long[] serverCpuAtClose = { -1, -1 };

	private long ownCpuAtOpen;

	private long jitCpuAtOpen;

	private long jitCpuAtClose;

	private long ownCpuAtClose;

	private long serverRssAtClose;

	/**
	 * @param options what to do
	 */
	public LoadGenerator(LoadOptions options) {
		this.options = options;
		this.sent = new long[options.streams()];
	}

	/**
	 * Run the command line.
	 * @param args {@code --name=value} options, see {@link LoadOptions}
	 */
	public static void main(String[] args) {
		LoadOptions options = LoadOptions.parse(args);
		Map<String, Object> summary = new LoadGenerator(options).run();
		System.out.println(JsonMapper.builder().build().writeValueAsString(summary));
		// Reactor Netty's event loops are not daemon threads: leave once the summary is out.
		System.exit(0);
	}

	/**
	 * Run once.
	 * @return the summary
	 */
	public Map<String, Object> run() {
		ConnectionProvider pool = ConnectionProvider.builder("bayeux-load")
			.maxConnections(this.options.clients() * 2 + 32)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(60))
			.build();
		CometdClients cometd = this.options.client().equals("cometd") ? CometdClients.start(this.options.clients())
				: null;
		try {
			HttpClient http = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(60));
			// A websocket holds its connection for the whole run: it never goes back to a pool.
			HttpClient sockets = HttpClient.newConnection();
			for (int i = 0; i < this.options.clients(); i++) {
				String room = this.options.roomOf(i);
				// The publishing clients (the first ones) may be on another node of a cluster.
				String url = (i < this.options.publishers()) ? this.options.publishUrl() : this.options.url();
				if (cometd != null) {
					this.clients.add(cometd.create(i, room, this.ledger, url, this.options.transport()));
				}
				else {
					this.clients.add(this.options.transport().equals(WebSocketClient.TYPE)
							? new WebSocketClient(i, room, this.ledger, sockets, url)
							: new LongPollingClient(i, room, this.ledger, http, url));
				}
			}
			long setupStart = System.nanoTime();
			setUp();
			long setupMillis = (System.nanoTime() - setupStart) / 1_000_000;
			log("%d %s clients ready in %d ms", this.clients.size(), this.options.transport(), setupMillis);
			if (this.ledger.errors() > 0) {
				// A client that is not subscribed would show as loss: report the setup failure instead.
				log("setup failed: %s", this.ledger.lastError());
				tearDown();
				Map<String, Object> failed = summary(setupMillis);
				failed.put("aborted", "setup");
				return failed;
			}
			if (this.options.mode().equals("idle")) {
				return idle();
			}
			publish();
			drain();
			tearDown();
			return summary(setupMillis);
		}
		finally {
			pool.dispose();
			if (cometd != null) {
				cometd.close();
			}
		}
	}

	private void setUp() {
		try {
			Flux.fromIterable(this.clients)
				.flatMap((client) -> client.start().onErrorResume((ex) -> {
					this.ledger.error("setup of client " + client.index() + ": " + ex);
					return Mono.empty();
				}), this.options.setupConcurrency())
				.then()
				.block(phaseLimit());
		}
		catch (IllegalStateException ex) {
			this.ledger.error("setup timed out");
		}
	}

	private void tearDown() {
		try {
			Flux.fromIterable(this.clients)
				.flatMap(BayeuxClient::stop, this.options.setupConcurrency())
				.then()
				.block(phaseLimit());
		}
		catch (IllegalStateException ex) {
			this.ledger.error("teardown timed out");
		}
	}

	private Duration phaseLimit() {
		return Duration.ofSeconds(30 + this.options.clients() / 20);
	}

	/**
	 * Hold the sessions for the duration (long polls keep cycling), so that the server's memory per idle
	 * session can be read from outside; a "ready" line on standard output says when.
	 */
	private Map<String, Object> idle() {
		Map<String, Object> ready = new LinkedHashMap<>();
		ready.put("event", "ready");
		ready.put("scenario", this.options.scenario());
		ready.put("sessions", this.clients.size());
		ready.put("errors", this.ledger.errors());
		System.out.println(JsonMapper.builder().build().writeValueAsString(ready));
		System.out.flush();
		LockSupport.parkNanos(this.options.duration().toNanos());
		tearDown();
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("scenario", this.options.scenario());
		summary.put("mode", "idle");
		summary.put("sessions", this.clients.size());
		summary.put("errors", this.ledger.errors());
		summary.put("lastError", this.ledger.lastError());
		return summary;
	}

	/**
	 * The pacer: one thread sends every probe at its due time, round robin over the publishers, and
	 * opens and closes the measured window (reading the server's CPU time at both ends).
	 */
	private void publish() {
		String padding = "x".repeat(Math.max(0, this.options.size() - 40));
		double interval = 1e9 / this.options.rate();
		long start = this.ledger.now();
		long windowOpen = start + this.options.warmup().toNanos();
		long end = windowOpen + this.options.duration().toNanos();
		boolean open = false;
		for (long k = 0;; k++) {
			long due = start + (long) (k * interval);
			if (due >= end) {
				break;
			}
			long now = this.ledger.now();
			while (now < due) {
				if (!open && now >= windowOpen) {
					open = openWindow();
				}
				LockSupport.parkNanos(Math.min(due - now, 1_000_000));
				now = this.ledger.now();
			}
			if (!open && now >= windowOpen) {
				open = openWindow();
			}
			int stream = (int) (k % this.sent.length);
			this.clients.get(this.options.publisherOf(stream))
				.publish(this.options.roomOfStream(stream), stream, this.sent[stream]++, due, padding);
		}
		LockSupport.parkNanos(Math.max(0, end - this.ledger.now()));
		this.ledger.closeWindow();
		this.serverCpuAtClose = serverCpu();
		this.jitCpuAtClose = ProcessStats.compilerCpuNanos(this.options.serverPid());
		this.ownCpuAtClose = ProcessStats.cpuNanos(this.ownPid);
		this.serverRssAtClose = (this.options.serverPid() > 0) ? ProcessStats.rssKilobytes(this.options.serverPid()) : -1;
	}

	private boolean openWindow() {
		this.ledger.openWindow();
		this.serverCpuAtOpen = serverCpu();
		this.jitCpuAtOpen = ProcessStats.compilerCpuNanos(this.options.serverPid());
		this.ownCpuAtOpen = ProcessStats.cpuNanos(this.ownPid);
		return true;
	}

	/** @return user and system CPU time of the server, summed over both nodes when publishers use another */
	private long[] serverCpu() {
		if (this.options.serverPid() <= 0) {
			return new long[] { -1, -1 };
		}
		long[] cpu = ProcessStats.cpuSplitNanos(this.options.serverPid());
		if (this.options.publishServerPid() > 0) {
			long[] other = ProcessStats.cpuSplitNanos(this.options.publishServerPid());
			return new long[] { cpu[0] + other[0], cpu[1] + other[1] };
		}
		return cpu;
	}

	/** Wait until every expected delivery arrived, or the drain time ran out. */
	private void drain() {
		long deadline = System.nanoTime() + this.options.drain().toNanos();
		long expected = expected();
		while (System.nanoTime() < deadline) {
			if (this.ledger.received() - this.ledger.duplicates() >= expected && unique() >= expected) {
				return;
			}
			LockSupport.parkNanos(100_000_000);
		}
	}

	/** @return deliveries owed: every probe to every member of its publisher's room */
	private long expected() {
		long total = 0;
		for (BayeuxClient subscriber : this.clients) {
			for (int stream = 0; stream < this.sent.length; stream++) {
				if (receives(subscriber, stream)) {
					total += this.sent[stream];
				}
			}
		}
		return total;
	}

	/** @return distinct probes received, among those sent */
	private long unique() {
		long total = 0;
		for (BayeuxClient subscriber : this.clients) {
			for (int stream = 0; stream < this.sent.length; stream++) {
				if (receives(subscriber, stream)) {
					total += subscriber.inbox().receivedOf(stream, (int) this.sent[stream]);
				}
			}
		}
		return total;
	}

	private boolean receives(BayeuxClient subscriber, int stream) {
		return subscriber.index() % this.options.rooms() == this.options.roomIndexOf(stream);
	}

	private Map<String, Object> summary(long setupMillis) {
		long expected = expected();
		long unique = unique();
		long sentTotal = 0;
		for (long count : this.sent) {
			sentTotal += count;
		}
		double windowSeconds = this.ledger.windowNanos() / 1e9;
		long delivered = this.ledger.deliveredInWindow();
		Histogram latency = this.ledger.latencyMicros();
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("scenario", this.options.scenario());
		summary.put("url", this.options.url());
		summary.put("publishUrl", this.options.publishUrl());
		summary.put("transport", this.options.transport());
		summary.put("client", this.options.client());
		summary.put("clients", this.options.clients());
		summary.put("rooms", this.options.rooms());
		summary.put("publishers", this.options.publishers());
		summary.put("publishTo", this.options.publishToAllRooms() ? "all" : "own");
		summary.put("offeredRate", this.options.rate());
		summary.put("size", this.options.size());
		summary.put("warmupSeconds", this.options.warmup().toMillis() / 1000.0);
		summary.put("windowSeconds", round(windowSeconds));
		summary.put("setupMillis", setupMillis);
		summary.put("sent", sentTotal);
		summary.put("expected", expected);
		summary.put("received", unique);
		summary.put("lost", expected - unique);
		summary.put("duplicates", this.ledger.duplicates());
		summary.put("unexpected", this.ledger.unexpected());
		summary.put("errors", this.ledger.errors());
		summary.put("lastError", this.ledger.lastError());
		summary.put("connectReplies", this.ledger.connectReplies());
		summary.put("deliveredInWindow", delivered);
		summary.put("deliveriesPerSecond", round(delivered / windowSeconds));
		summary.put("latencyMicros", percentiles(latency));
		long serverUser = this.serverCpuAtClose[0] - this.serverCpuAtOpen[0];
		long serverSystem = this.serverCpuAtClose[1] - this.serverCpuAtOpen[1];
		long serverCpu = serverUser + serverSystem;
		long ownCpu = this.ownCpuAtClose - this.ownCpuAtOpen;
		summary.put("serverCpuMillis", (this.options.serverPid() > 0) ? serverCpu / 1_000_000 : null);
		summary.put("serverUserCpuMillis", (this.options.serverPid() > 0) ? serverUser / 1_000_000 : null);
		summary.put("serverSystemCpuMillis", (this.options.serverPid() > 0) ? serverSystem / 1_000_000 : null);
		summary.put("serverJitCpuMillis", (this.jitCpuAtOpen >= 0 && this.jitCpuAtClose >= 0)
				? (this.jitCpuAtClose - this.jitCpuAtOpen) / 1_000_000 : null);
		summary.put("serverCpuMicrosPerDelivery",
				(this.options.serverPid() > 0 && delivered > 0) ? round(serverCpu / 1000.0 / delivered) : null);
		summary.put("serverRssKilobytes", (this.serverRssAtClose > 0) ? this.serverRssAtClose : null);
		summary.put("clientCpuMicrosPerDelivery", (delivered > 0) ? round(ownCpu / 1000.0 / delivered) : null);
		summary.put("sustained", expected == unique && this.ledger.duplicates() == 0 && this.ledger.errors() == 0
				&& latency.getValueAtPercentile(99) < 1_000_000);
		return summary;
	}

	private static Map<String, Object> percentiles(Histogram histogram) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("count", histogram.getTotalCount());
		result.put("p50", histogram.getValueAtPercentile(50));
		result.put("p90", histogram.getValueAtPercentile(90));
		result.put("p99", histogram.getValueAtPercentile(99));
		result.put("p999", histogram.getValueAtPercentile(99.9));
		result.put("max", histogram.getMaxValue());
		return result;
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	private static void log(String format, Object... args) {
		System.err.println("[load] " + String.format(format, args));
	}

}
