package io.github.cometdboot.benchmark.flood;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the server came back after an attack: the phase after it against the baseline. Back means
 * heap after GC within 16 MiB or a quarter of the baseline (whichever is more), open files within 20,
 * connections and sessions within 5, and the healthy clients losing nothing with a p99 within twice the
 * baseline's or 50 ms above it (whichever is more): loose enough for a 2-core machine's noise, tight
 * enough to catch what an attack left behind.
 *
 * @param recovered whether everything came back
 * @param reasons what did not, such as {@code heap +40.0 MiB}
 */
record Recovery(boolean recovered, List<String> reasons) {

	private static final long HEAP_SLACK_KIB = 16 * 1024;

	private static final long FILES_SLACK = 20;

	private static final long COUNT_SLACK = 5;

	private static final double P99_SLACK_MILLIS = 50;

	/**
	 * @param baseline the baseline phase
	 * @param after the phase after an attack
	 * @return the verdict
	 */
	static Recovery judge(Phase baseline, Phase after) {
		List<String> reasons = new ArrayList<>();
		ServerState before = baseline.server();
		ServerState now = after.server();
		long heapSlack = Math.max(HEAP_SLACK_KIB, before.heapAfterGcKib() / 4);
		if (known(before.heapAfterGcKib(), now.heapAfterGcKib())
				&& now.heapAfterGcKib() > before.heapAfterGcKib() + heapSlack) {
			reasons.add(String.format("heap +%.1f MiB", (now.heapAfterGcKib() - before.heapAfterGcKib()) / 1024.0));
		}
		exceeds(reasons, "open files", before.openFiles(), now.openFiles(), FILES_SLACK);
		exceeds(reasons, "connections", before.connections(), now.connections(), COUNT_SLACK);
		exceeds(reasons, "sessions", before.sessions(), now.sessions(), COUNT_SLACK);
		if (after.lost() > 0) {
			reasons.add("healthy lost " + after.lost());
		}
		double limit = Math.max(2 * baseline.worstP99Millis(), baseline.worstP99Millis() + P99_SLACK_MILLIS);
		double p99 = after.worstP99Millis();
		if (Double.isNaN(p99) || p99 > limit) {
			reasons.add(String.format("healthy p99 %.1f ms", p99));
		}
		return new Recovery(reasons.isEmpty(), reasons);
	}

	private static void exceeds(List<String> reasons, String what, long before, long now, long slack) {
		if (known(before, now) && now > before + slack) {
			reasons.add(what + " +" + (now - before));
		}
	}

	private static boolean known(long before, long now) {
		return before >= 0 && now >= 0;
	}

	@Override
	public String toString() {
		return this.recovered ? "yes" : "no: " + String.join(", ", this.reasons);
	}

}
