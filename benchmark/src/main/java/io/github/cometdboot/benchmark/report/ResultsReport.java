package io.github.cometdboot.benchmark.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Turns a results directory of {@code run.sh} into a Markdown table of ratios ours/peer, per scenario,
 * against the targets for that peer, followed by every run in the order it ran. The peer is the real
 * CometD server (the performance issue's targets) or our own server with metrics off (the metrics
 * issue's bound: at most 5% more CPU per delivery with metrics on).
 * <p>
 * Each figure is the median over the rounds; a ratio below 1 means ours is lower (better for CPU,
 * latency and memory).
 * <p>
 * When the run had the floor server ({@code run.sh --floor}), each load scenario also shows its
 * figures and the ratio floor/peer: the least a Bayeux server on Netty costs beside what the peer
 * costs, so a floor/peer above a target says that no Netty server meets that target.
 */
public final class ResultsReport {

	private static final String OURS = "ours";

	private static final String COMETD = "cometd";

	private static final String FLOOR = "floor";

	private static final List<String> LOAD_SCENARIOS = List.of("chat", "heavy", "fanout", "rooms");

	private final Path directory;

	private final PrintStream out;

	private final Peer peer;

	// Whether the run had the floor server: only then are its columns printed.
	private boolean withFloor;

	private ResultsReport(Path directory, PrintStream out, Peer peer) {
		this.directory = directory;
		this.out = out;
		this.peer = peer;
	}

	/**
	 * Print the report of a results directory.
	 * @param args the directory, then optionally the peer: {@code cometd} (default) or
	 * {@code ours-metrics-off}
	 * @throws IOException if it cannot be read
	 */
	public static void main(String[] args) throws IOException {
		Peer peer = (args.length == 2) ? Peer.named(args[1]) : Peer.COMETD;
		if (args.length < 1 || args.length > 2 || peer == null) {
			System.err.println("usage: java -jar benchmarks.jar report RESULTS_DIR [cometd|ours-metrics-off]");
			System.exit(2);
		}
		new ResultsReport(Path.of(args[0]), System.out, peer).print();
	}

	private void print() throws IOException {
		for (String scenario : LOAD_SCENARIOS) {
			this.withFloor |= hasFloor(runs(scenario));
		}
		String label = this.peer.label();
		printRow("scenario", "figure", "ours", label, "floor", "ours/" + label, "floor/" + label, "target", "met");
		printRow("---", "---", "---:", "---:", "---:", "---:", "---:", "---", "---");
		for (String scenario : LOAD_SCENARIOS) {
			List<RunResult> runs = runs(scenario);
			if (!runs.isEmpty()) {
				printLoad(scenario, runs);
			}
		}
		List<RunResult> idle = runs("idle");
		if (!idle.isEmpty()) {
			printIdle(idle);
		}
		List<RunResult> maxLoad = runs("maxload");
		if (!maxLoad.isEmpty()) {
			printMaxLoad(maxLoad);
		}
		this.out.println();
		printRuns();
	}

	private void printLoad(String scenario, List<RunResult> runs) {
		RunResult first = runs.get(0);
		int rooms = first.json().path("rooms").asInt();
		String title = String.format(Locale.ROOT, "%s (%s, %d clients, %d %s, %.0f msg/s offered)", scenario,
				first.json().path("transport").asString(), first.json().path("clients").asInt(), rooms,
				(rooms == 1) ? "room" : "rooms", first.number("offeredRate"));
		row(title, "server CPU per delivery (µs)", runs, (run) -> run.number("serverCpuMicrosPerDelivery"),
				this.peer.cpuRatio());
		row("", "p99 latency (ms)", runs, (run) -> run.number("latencyMicros.p99") / 1000, this.peer.latencyRatio());
		row("", "p50 latency (ms)", runs, (run) -> run.number("latencyMicros.p50") / 1000, Double.NaN);
		row("", "deliveries per second", runs, (run) -> run.number("deliveriesPerSecond"), Double.NaN);
		row("", "load client CPU per delivery (µs)", runs, (run) -> run.number("clientCpuMicrosPerDelivery"),
				Double.NaN);
		row("", "server JIT compiler CPU in the window (ms)", runs, (run) -> run.number("serverJitCpuMillis"),
				Double.NaN);
		String oursFaults = faults(runs, OURS);
		String cometdFaults = faults(runs, COMETD);
		String floorFaults = hasFloor(runs) ? faults(runs, FLOOR) : "";
		printRow("", "lost / duplicates / errors (sum)", oursFaults, cometdFaults, floorFaults, "", "", "0",
				oursFaults.equals("0 / 0 / 0") ? "yes" : "no");
	}

	private void printIdle(List<RunResult> runs) {
		String title = "idle (long-polling, " + (int) runs.get(0).number("sessions") + " sessions)";
		row(title, "heap after GC per session (KB)", runs,
				(run) -> (run.number("heapAfterKilobytes") - run.number("heapBeforeKilobytes")) / run.number("sessions"),
				this.peer.memoryRatio());
		row("", "RSS per session (KB)", runs,
				(run) -> (run.number("rssAfterKilobytes") - run.number("rssBeforeKilobytes")) / run.number("sessions"),
				this.peer.memoryRatio());
	}

	private void printMaxLoad(List<RunResult> runs) {
		String scenario = runs.get(0).json().path("scenario").asString().replace("maxload-", "");
		double ours = highestSustained(runs, OURS);
		double cometd = highestSustained(runs, COMETD);
		// The floor server has no max-load runs: its cells stay empty.
		printRow("max load (" + scenario + ")", "highest offered msg/s with no loss and p99 < 1 s", format(ours),
				format(cometd), "", format(ours / cometd), "", "", "");
	}

	private static double highestSustained(List<RunResult> runs, String server) {
		double best = 0;
		for (RunResult run : runs) {
			if (run.server().equals(server) && run.json().path("sustained").asBoolean()) {
				best = Math.max(best, run.number("offeredRate"));
			}
		}
		return best;
	}

	private void row(String title, String figure, List<RunResult> runs, ToDoubleFunction<RunResult> value,
			double maxRatio) {
		double ours = median(runs, OURS, value);
		double cometd = median(runs, COMETD, value);
		double ratio = ours / cometd;
		String target = Double.isNaN(maxRatio) ? "" : "≤ " + format(maxRatio);
		String met = Double.isNaN(maxRatio) || Double.isNaN(ratio) ? "" : (ratio <= maxRatio ? "yes" : "no");
		// Empty where the floor server did not run, such as the idle scenario.
		boolean floorRan = hasFloor(runs);
		double floor = median(runs, FLOOR, value);
		printRow(title, figure, format(ours), format(cometd), floorRan ? format(floor) : "", format(ratio),
				floorRan ? format(floor / cometd) : "", target, met);
	}

	/**
	 * Print a row of the summary table; the floor server's two cells only when the run had it.
	 */
	private void printRow(String title, String figure, String ours, String peer, String floor, String ratio,
			String floorRatio, String target, String met) {
		List<String> cells = new ArrayList<>(List.of(title, figure, ours, peer));
		if (this.withFloor) {
			cells.add(floor);
		}
		cells.add(ratio);
		if (this.withFloor) {
			cells.add(floorRatio);
		}
		cells.add(target);
		cells.add(met);
		this.out.println("| " + String.join(" | ", cells) + " |");
	}

	private static boolean hasFloor(List<RunResult> runs) {
		return runs.stream().anyMatch((run) -> run.server().equals(FLOOR));
	}

	private static String faults(List<RunResult> runs, String server) {
		long lost = 0;
		long duplicates = 0;
		long errors = 0;
		for (RunResult run : runs) {
			if (run.server().equals(server)) {
				lost += (long) run.number("lost");
				duplicates += (long) run.number("duplicates");
				errors += (long) run.number("errors");
			}
		}
		return lost + " / " + duplicates + " / " + errors;
	}

	private static double median(List<RunResult> runs, String server, ToDoubleFunction<RunResult> value) {
		double[] values = runs.stream()
			.filter((run) -> run.server().equals(server))
			.mapToDouble(value)
			.filter((number) -> !Double.isNaN(number))
			.sorted()
			.toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private void printRuns() throws IOException {
		this.out.println("| run | server CPU µs/delivery | p50 ms | p99 ms | deliveries/s | lost | dup | errors |");
		this.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		List<String> scenarios = new ArrayList<>(LOAD_SCENARIOS);
		scenarios.add("maxload");
		for (String scenario : scenarios) {
			for (RunResult run : runs(scenario)) {
				this.out.printf(Locale.ROOT, "| %s %s %s | %s | %s | %s | %s | %d | %d | %d |%n", scenario, run.server(),
						run.label(), format(run.number("serverCpuMicrosPerDelivery")),
						format(run.number("latencyMicros.p50") / 1000), format(run.number("latencyMicros.p99") / 1000),
						format(run.number("deliveriesPerSecond")), (long) run.number("lost"),
						(long) run.number("duplicates"), (long) run.number("errors"));
			}
		}
	}

	private List<RunResult> runs(String scenario) throws IOException {
		Path folder = this.directory.resolve(scenario);
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		List<RunResult> result = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			Path[] sorted = files.filter((file) -> file.toString().endsWith(".json")).toArray(Path[]::new);
			// By label (round or rate) first, so that the listing shows ours, CometD, (floor,) ours, CometD.
			Arrays.sort(sorted, (a, b) -> sortKey(a).compareTo(sortKey(b)));
			for (Path file : sorted) {
				RunResult run = RunResult.read(file);
				if (run != null) {
					result.add(run);
				}
			}
		}
		return result;
	}

	private static String sortKey(Path file) {
		String name = file.getFileName().toString().replace(".json", "");
		int dash = name.indexOf('-');
		String label = name.substring(dash + 1);
		String server = name.startsWith(OURS) ? "a" : name.startsWith(FLOOR) ? "c" : "b";
		return String.format("%012d", label.matches("\\d+") ? Long.parseLong(label) : 0) + server;
	}

	/**
	 * A figure as every report of this module prints it: three significant digits or so, {@code n/a} for
	 * none.
	 * @param value the figure
	 * @return its text
	 */
	public static String format(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "n/a";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%.0f", value);
		}
		if (Math.abs(value) >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/**
	 * What B is, and the highest ratios ours/B that meet the target; {@code NaN} where there is none.
	 */
	private record Peer(String label, double cpuRatio, double latencyRatio, double memoryRatio) {

		static final Peer COMETD = new Peer("CometD", 0.5, 1.0, 0.5);

		static final Peer METRICS_OFF = new Peer("metrics off", 1.05, Double.NaN, Double.NaN);

		static @Nullable Peer named(String name) {
			return switch (name) {
				case "cometd" -> COMETD;
				case "ours-metrics-off" -> METRICS_OFF;
				default -> null;
			};
		}

	}

}
