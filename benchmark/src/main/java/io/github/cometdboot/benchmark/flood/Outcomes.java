package io.github.cometdboot.benchmark.flood;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * What an attacker saw, counted by a short label: {@code ok}, a Bayeux error such as
 * {@code 429::handshake_rate_exceeded}, an HTTP status such as {@code HTTP 503}, {@code closed}.
 */
final class Outcomes {

	/** Labels are cut to this length, so that an exception's message cannot widen the table. */
	static final int MAX_LABEL = 80;

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	/**
	 * Count one outcome.
	 * @param label what happened
	 */
	void add(String label) {
		add(label, 1);
	}

	/**
	 * Count outcomes.
	 * @param label what happened
	 * @param times how many times
	 */
	void add(String label, long times) {
		String cut = (label.length() > MAX_LABEL) ? label.substring(0, MAX_LABEL - 1) + "…" : label;
		this.counts.computeIfAbsent(cut, (key) -> new LongAdder()).add(times);
	}

	/** @return the counts, by label in alphabetical order */
	Map<String, Long> snapshot() {
		Map<String, Long> result = new TreeMap<>();
		this.counts.forEach((label, count) -> result.put(label, count.sum()));
		return result;
	}

	/** @return the counts in one line, most frequent first, such as {@code 429::handshake_rate_exceeded 41,200; ok 1,100} */
	@Override
	public String toString() {
		return snapshot().entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.map((entry) -> entry.getKey() + " " + String.format("%,d", entry.getValue()))
			.collect(Collectors.joining("; "));
	}

}
