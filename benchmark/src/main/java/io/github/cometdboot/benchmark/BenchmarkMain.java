package io.github.cometdboot.benchmark;

import java.util.Arrays;

import io.github.cometdboot.benchmark.flood.FloodRun;
import io.github.cometdboot.benchmark.floor.FloorServer;
import io.github.cometdboot.benchmark.load.LoadGenerator;
import io.github.cometdboot.benchmark.peer.CometdPeerServer;
import io.github.cometdboot.benchmark.report.ResultsReport;
import io.github.cometdboot.benchmark.soak.SoakRun;

/**
 * The entry point of {@code benchmarks.jar}: {@code jmh [JMH options]}, {@code load [--name=value ...]},
 * {@code peer [--port=N]}, {@code floor [--port=N]}, {@code report RESULTS_DIR},
 * {@code soak [--name=value ...]} or {@code flood [--name=value ...]}.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	/**
	 * Dispatch to a tool.
	 * @param args the tool's name, then its arguments
	 * @throws Exception whatever the tool throws
	 */
	public static void main(String[] args) throws Exception {
		String tool = (args.length > 0) ? args[0] : "";
		String[] rest = (args.length > 0) ? Arrays.copyOfRange(args, 1, args.length) : args;
		switch (tool) {
			case "jmh" -> org.openjdk.jmh.Main.main(rest);
			case "load" -> LoadGenerator.main(rest);
			case "peer" -> CometdPeerServer.main(rest);
			case "floor" -> FloorServer.main(rest);
			case "report" -> ResultsReport.main(rest);
			case "soak" -> SoakRun.main(rest);
			case "flood" -> FloodRun.main(rest);
			default -> {
				System.err.println("usage: java -jar benchmarks.jar jmh|load|peer|floor|report|soak|flood [options]");
				System.exit(2);
			}
		}
	}

}
