package io.github.cometdboot.benchmark.soak;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.github.cometdboot.benchmark.load.BayeuxClient;
import io.github.cometdboot.benchmark.load.Ledger;
import io.github.cometdboot.benchmark.load.LongPollingClient;
import io.github.cometdboot.benchmark.load.WebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The soak: {@code --slots} clients at a time, each slot making client after client for
 * {@code --minutes}: handshake over websocket or long-polling, subscribe to a channel of its own,
 * publish a few messages, then disconnect or just vanish. Afterwards, once the server had time to
 * prune what the vanished clients left, its sessions and channels must be back at the baseline and its
 * heap after GC must not have grown beyond {@code --heap-tolerance-mib}.
 * <p>
 * Options: {@code --url} (the Bayeux URL), {@code --actuator} (the {@code cometd} endpoint),
 * {@code --pid} (the server's process, for its heap), {@code --minutes}, {@code --slots},
 * {@code --vanish-percent}, {@code --settle-seconds}, {@code --heap-tolerance-mib}. Exit code 0 when
 * everything came back, 1 otherwise.
 */
public final class SoakRun {

	private final Map<String, String> options;

	private final Ledger ledger = new Ledger();

	private final LongAdder cycles = new LongAdder();

	private final LongAdder vanished = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final AtomicLong nextIndex = new AtomicLong();

	private SoakRun(Map<String, String> options) {
		this.options = options;
	}

	/**
	 * Run the command line.
	 * @param args {@code --name=value} options
	 * @throws Exception if the server cannot be probed
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				System.err.println("options are --name=value: " + arg);
				System.exit(2);
			}
			options.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		Map<String, Object> result = new SoakRun(options).run();
		System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(result));
		// Reactor Netty's event loops are not daemon threads.
		System.exit(Boolean.TRUE.equals(result.get("passed")) ? 0 : 1);
	}

	private Map<String, Object> run() throws Exception {
		String url = option("url", "http://127.0.0.1:8080/cometd");
		ServerProbe probe = new ServerProbe(option("actuator", url.replaceFirst("/cometd$", "/actuator/cometd")),
				Long.parseLong(option("pid", "-1")));
		Duration soak = Duration.ofSeconds(Math.round(Double.parseDouble(option("minutes", "3")) * 60));
		int slots = Integer.parseInt(option("slots", "300"));
		Duration settle = Duration.ofSeconds(Long.parseLong(option("settle-seconds", "120")));
		long toleranceKib = Long.parseLong(option("heap-tolerance-mib", "32")) * 1024;

		ConnectionProvider pool = ConnectionProvider.builder("soak")
			.maxConnections(slots * 2 + 32)
			.pendingAcquireMaxCount(-1)
			.build();
		HttpClient http = HttpClient.create(pool).responseTimeout(Duration.ofSeconds(60));
		HttpClient sockets = HttpClient.newConnection();
		try {
			// A short churn first, so that the baseline is taken with the server's code paths warm.
			churn(http, sockets, url, slots, Duration.ofSeconds(20));
			ServerProbe.Counts baseline = settle(probe, null, settle);
			long heapBefore = probe.heapAfterGcKib();
			log("baseline: %s, heap after GC %d KiB", baseline, heapBefore);
			long start = System.nanoTime();
			long cyclesBefore = this.cycles.sum();
			churn(http, sockets, url, slots, soak);
			long clients = this.cycles.sum() - cyclesBefore;
			ServerProbe.Counts peak = probe.counts();
			log("churned %d clients in %s; right after: %s", clients, soak, peak);
			ServerProbe.Counts after = settle(probe, baseline, settle);
			long heapAfter = probe.heapAfterGcKib();
			log("after settling: %s, heap after GC %d KiB", after, heapAfter);

			boolean sessionsBack = after.sessions() <= baseline.sessions();
			boolean channelsBack = after.channels() <= baseline.channels();
			boolean heapFlat = heapBefore < 0 || heapAfter <= heapBefore + toleranceKib;
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("minutes", soak.toSeconds() / 60.0);
			result.put("slots", slots);
			result.put("clients", clients);
			result.put("vanished", this.vanished.sum());
			result.put("failedCycles", this.failures.sum());
			result.put("lastError", this.ledger.lastError());
			result.put("seconds", (System.nanoTime() - start) / 1_000_000_000);
			result.put("sessionsRightAfter", peak.sessions());
			result.put("channelsRightAfter", peak.channels());
			result.put("baselineSessions", baseline.sessions());
			result.put("baselineChannels", baseline.channels());
			result.put("sessionsAfterSettling", after.sessions());
			result.put("channelsAfterSettling", after.channels());
			result.put("heapAfterGcBeforeKib", heapBefore);
			result.put("heapAfterGcAfterKib", heapAfter);
			result.put("passed", sessionsBack && channelsBack && heapFlat);
			return result;
		}
		finally {
			pool.dispose();
		}
	}

	/** Keep {@code slots} clients churning for the given time. */
	private void churn(HttpClient http, HttpClient sockets, String url, int slots, Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		int vanishPercent = Integer.parseInt(option("vanish-percent", "30"));
		Flux.range(0, slots)
			.flatMap((slot) -> Mono.defer(() -> cycle(http, sockets, url, vanishPercent))
				.repeat(() -> System.nanoTime() < deadline), slots)
			.blockLast(duration.plusMinutes(2));
	}

	/** One client's life: start, publish a few messages, stay a little, then disconnect or vanish. */
	private Mono<Void> cycle(HttpClient http, HttpClient sockets, String url, int vanishPercent) {
		long index = this.nextIndex.getAndIncrement();
		// A channel of its own, so that channels churn as much as sessions.
		String room = "/soak/c" + index;
		BayeuxClient client = (index % 2 == 0) ? new WebSocketClient((int) index, room, this.ledger, sockets, url)
				: new LongPollingClient((int) index, room, this.ledger, http, url);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		boolean vanish = random.nextInt(100) < vanishPercent;
		long stayMillis = random.nextLong(200, 2000);
		return client.start()
			.then(Mono.fromRunnable(() -> {
				for (int i = 0; i < 3; i++) {
					client.publish(room, client.index(), i, this.ledger.now(), "");
				}
			}))
			.then(Mono.delay(Duration.ofMillis(stayMillis)))
			.then(vanish ? Mono.fromRunnable(client::vanish) : client.stop())
			.doOnSuccess((ignored) -> {
				this.cycles.increment();
				if (vanish) {
					this.vanished.increment();
				}
			})
			.onErrorResume((ex) -> {
				this.failures.increment();
				this.ledger.error(String.valueOf(ex));
				client.vanish();
				return Mono.empty();
			})
			.then();
	}

	/**
	 * Wait until the server's sessions and channels are back at the baseline (or, without one, until
	 * they stop falling), or the time is up.
	 */
	private ServerProbe.Counts settle(ServerProbe probe, ServerProbe.Counts baseline, Duration limit)
			throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		ServerProbe.Counts last = probe.counts();
		int steady = 0;
		while (System.nanoTime() < deadline) {
			Thread.sleep(2000);
			ServerProbe.Counts now = probe.counts();
			if (baseline != null && now.sessions() <= baseline.sessions() && now.channels() <= baseline.channels()) {
				return now;
			}
			steady = now.equals(last) ? steady + 1 : 0;
			if (baseline == null && steady >= 5 && now.sessions() == 0) {
				return now;
			}
			last = now;
		}
		return last;
	}

	private String option(String name, String fallback) {
		return this.options.getOrDefault(name, fallback);
	}

	private static void log(String format, Object... args) {
		System.err.printf("[soak] " + format + "%n", args);
	}

}
