package io.github.cometdboot.benchmark.flood;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.cometdboot.benchmark.load.Ledger;
import io.github.cometdboot.benchmark.load.LongPollingClient;
import io.github.cometdboot.benchmark.load.ProcessStats;
import io.github.cometdboot.benchmark.soak.ServerProbe;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flood benchmark against a running server: a warm-up and a baseline with the healthy clients only,
 * then each attack for {@code --attack-seconds} followed by {@code --recovery-seconds} without it. At
 * the end of every phase the server is read (heap after GC, open files, connections, sessions, log
 * growth) and a new client tries to handshake; at the end of the run the healthy clients' latency and
 * loss are booked per phase. Prints the phases as a Markdown table; see {@link FloodOptions} for the
 * options.
 * <p>
 * Addresses: the healthy clients use {@code 127.0.0.2}, the new client {@code 127.0.0.3}, the probe of
 * the actuator {@code 127.0.0.4}; the attacks from one address use {@code 127.0.0.1}, those from
 * several {@code 127.0.0.10} and up. So no per-address limit meant for an attacker applies to the
 * measuring side.
 */
public final class FloodRun {

	private static final String HEALTHY = "127.0.0.2";

	private static final String NEWCOMER = "127.0.0.3";

	private static final String PROBE = "127.0.0.4";

	private static final String ONE_ATTACKER = "127.0.0.1";

	private static final int FIRST_OF_SEVERAL = 10;

	private final FloodOptions options;

	private final ServerProbe probe;

	private final HealthyClients healthy;

	private final ConnectionProvider newcomerPool = ConnectionProvider.builder("newcomer").maxConnections(4).build();

	/** The phases that ended, without the healthy figures, which are booked at the end of the run. */
	private final List<Phase> ended = new ArrayList<>();

	private long logLinesSoFar;

	private FloodRun(FloodOptions options) {
		this.options = options;
		this.probe = new ServerProbe(options.url().replaceFirst("/cometd$", "/actuator/cometd"), options.pid(),
				Loopback.bind(HttpClient.create(), List.of(PROBE)));
		// warm-up, baseline, then each attack and the time after it
		this.healthy = new HealthyClients(options.url(), HEALTHY, options.rate(), 2 + 2 * options.attacks().size());
	}

	/**
	 * Run the command line.
	 * @param args {@code --name=value} options, see {@link FloodOptions}
	 * @throws Exception if the run cannot go on
	 */
	public static void main(String[] args) throws Exception {
		FloodOptions options = FloodOptions.parse(args);
		List<Phase> phases = new FloodRun(options).run();
		System.out.println(FloodReport.markdown(phases));
		if (!options.out().isEmpty()) {
			Files.writeString(Path.of(options.out()),
					JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(phases));
		}
		// Reactor Netty's event loops are not daemon threads.
		System.exit(0);
	}

	private List<Phase> run() throws Exception {
		this.healthy.start();
		this.logLinesSoFar = logLines();
		quiet("warm-up", this.options.warmup());
		quiet("baseline", this.options.baseline());
		for (String name : this.options.attacks()) {
			Attack attack = attack(name);
			log("%s: starting", attack.name());
			attack.start();
			Started started = begin();
			Thread.sleep(this.options.attack().toMillis());
			// The attack still runs while the server is read: these are its figures under attack.
			end(started, attack.name(), attack.name(), attack.outcomes().toString());
			attack.stop();
			quiet("after " + attack.name(), this.options.recovery());
		}
		Thread.sleep(this.options.drain().toMillis());
		List<Phase> phases = new ArrayList<>();
		for (int i = 0; i < this.ended.size(); i++) {
			phases.add(this.ended.get(i).withHealthy(this.healthy.figures(i)));
		}
		this.healthy.stop();
		this.newcomerPool.dispose();
		return phases;
	}

	private Attack attack(String name) {
		String url = this.options.url();
		List<String> one = List.of(ONE_ATTACKER);
		List<String> several = Loopback.addresses(FIRST_OF_SEVERAL, this.options.floodAddresses());
		URI uri = this.options.server();
		InetSocketAddress server = new InetSocketAddress(uri.getHost(), uri.getPort());
		return switch (name) {
			case "handshake-one" -> new HandshakeFlood(url, one, this.options.floodConnections());
			case "handshake-many" -> new HandshakeFlood(url, several, this.options.floodConnections());
			case "publish" -> new PublishFlood(url, one, this.options.publishSessions(), HealthyClients.CHANNEL,
					this.options.publishSize());
			case "slowloris" -> new HeldSockets("slowloris, " + this.options.slowlorisSockets() + " sockets", server,
					several, this.options.slowlorisSockets(), this.options.slowlorisInterval());
			case "idle" -> new HeldSockets("idle sockets, " + this.options.idleSockets(), server, several,
					this.options.idleSockets(), null);
			case "held-polls" -> new HeldLongPolls(url, one, this.options.heldPolls());
			default -> throw new IllegalArgumentException(name);
		};
	}

	/** A phase without an attack. */
	private void quiet(String name, Duration duration) throws Exception {
		log("%s: %ds", name, duration.toSeconds());
		Started started = begin();
		Thread.sleep(duration.toMillis());
		end(started, name, "", "");
	}

	/** Start a phase: its probes are a stream of their own, numbered as the phases are. */
	private Started begin() {
		int index = this.ended.size();
		this.healthy.phase(index);
		return new Started(index, System.nanoTime(), this.healthy.errors());
	}

	private void end(Started started, String name, String attack, String attacker) throws Exception {
		this.healthy.pause();
		long seconds = Duration.ofNanos(System.nanoTime() - started.startNanos()).toSeconds();
		long healthyErrors = this.healthy.errors() - started.healthyErrors();
		String newcomer = newcomer();
		ServerState server = serverState();
		Phase phase = new Phase(name, attack, seconds, Map.of(), healthyErrors, newcomer, server, attacker);
		this.ended.add(phase);
		log("%s: %s", name, phase);
		if (healthyErrors > 0) {
			log("  healthy clients' last error: %s", this.healthy.lastError());
		}
	}

	/** A new client from an address of its own: does the server still take it in? */
	private String newcomer() {
		HttpClient http = Loopback.bind(HttpClient.create(this.newcomerPool), List.of(NEWCOMER));
		LongPollingClient client = new LongPollingClient(0, "/flood/newcomer", new Ledger(), http, this.options.url());
		long start = System.nanoTime();
		try {
			client.start().block(Duration.ofSeconds(40));
			return "ok in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms";
		}
		catch (RuntimeException ex) {
			return "failed: " + ex.getMessage();
		}
		finally {
			client.stop().block(Duration.ofSeconds(10));
		}
	}

	private ServerState serverState() throws IOException, InterruptedException {
		long pid = this.options.pid();
		long heap = this.probe.heapAfterGcKib();
		long files = (pid >= 0) ? ProcessStats.openFileDescriptors(pid) : -1;
		long connections = this.probe.openConnections();
		long sessions;
		try {
			sessions = this.probe.counts().sessions();
		}
		catch (RuntimeException ex) {
			sessions = -1;
		}
		long lines = logLines();
		long grown = (lines < 0) ? -1 : lines - this.logLinesSoFar;
		this.logLinesSoFar = lines;
		return new ServerState(heap, files, connections, sessions, grown);
	}

	private long logLines() throws IOException {
		if (this.options.serverLog().isEmpty()) {
			return -1;
		}
		try (Stream<String> lines = Files.lines(Path.of(this.options.serverLog()))) {
			return lines.count();
		}
	}

	private static void log(String format, Object... args) {
		System.err.printf("[flood] " + format + "%n", args);
	}

	/** A phase that began: its probe stream, when, and the healthy clients' failures until then. */
	private record Started(int index, long startNanos, long healthyErrors) {
	}

}
