package io.github.cometdboot.benchmark.flood;

import java.util.List;
import java.util.Locale;

import io.github.cometdboot.benchmark.load.LongPollingClient;
import io.github.cometdboot.benchmark.load.WebSocketClient;
import io.github.cometdboot.benchmark.report.ResultsReport;

/**
 * The run's Markdown: one row per phase, then whether the server recovered from each attack.
 */
final class FloodReport {

	private FloodReport() {
	}

	/**
	 * @param phases the phases in the order they ran; the one named {@code baseline} is the reference
	 * @return the tables
	 */
	static String markdown(List<Phase> phases) {
		StringBuilder out = new StringBuilder();
		out.append("| phase | healthy long-polling p50 / p99 ms | healthy websocket p50 / p99 ms | healthy lost / sent "
				+ "| healthy errors | new client | heap after GC MiB | open files | connections | sessions "
				+ "| log lines | attacker saw |\n");
		out.append("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
		for (Phase phase : phases) {
			ServerState server = phase.server();
			out.append("| ").append(phase.name())
				.append(" | ").append(latency(phase.healthy().get(LongPollingClient.TYPE)))
				.append(" | ").append(latency(phase.healthy().get(WebSocketClient.TYPE)))
				.append(" | ").append(phase.lost()).append(" / ").append(phase.expected())
				.append(" | ").append(phase.healthyErrors())
				.append(" | ").append(phase.newcomer())
				.append(" | ").append(mib(server.heapAfterGcKib()))
				.append(" | ").append(count(server.openFiles()))
				.append(" | ").append(count(server.connections()))
				.append(" | ").append(count(server.sessions()))
				.append(" | ").append(count(server.logLines()))
				.append(" | ").append(phase.attacker().isEmpty() ? "" : phase.attacker().replace("|", "\\|"))
				.append(" |\n");
		}
		Phase baseline = phases.stream().filter((phase) -> phase.name().equals("baseline")).findFirst().orElse(null);
		if (baseline == null) {
			return out.toString();
		}
		out.append("\n| attack | recovered (the phase after it against the baseline) |\n| --- | --- |\n");
		for (int i = 0; i + 1 < phases.size(); i++) {
			if (phases.get(i).underAttack()) {
				out.append("| ").append(phases.get(i).attack()).append(" | ")
					.append(Recovery.judge(baseline, phases.get(i + 1))).append(" |\n");
			}
		}
		return out.toString();
	}

	private static String latency(HealthyFigures figures) {
		if (figures == null || Double.isNaN(figures.p50Millis())) {
			return "none received";
		}
		return ResultsReport.format(figures.p50Millis()) + " / " + ResultsReport.format(figures.p99Millis());
	}

	private static String mib(long kib) {
		return (kib < 0) ? "?" : String.format(Locale.ROOT, "%.1f", kib / 1024.0);
	}

	private static String count(long value) {
		return (value < 0) ? "?" : String.format(Locale.ROOT, "%,d", value);
	}

}
