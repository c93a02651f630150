package io.github.cometdboot.benchmark.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run's summary as {@code run.sh} stored it: {@code <scenario>/<server>-<round>.json}.
 *
 * @param server {@code ours} or {@code cometd}
 * @param label the rest of the file name: the round, or the offered rate for max-load runs
 * @param json the summary
 */
record RunResult(String server, String label, JsonNode json) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/**
	 * Read a result file; the summary is its last line that is a JSON object.
	 * @param file the file
	 * @return the result, or {@code null} if the run left no summary
	 */
	static @Nullable RunResult read(Path file) {
		String name = file.getFileName().toString().replace(".json", "");
		int dash = name.indexOf('-');
		if (dash < 0) {
			return null;
		}
		try {
			List<String> lines = Files.readAllLines(file);
			for (int i = lines.size() - 1; i >= 0; i--) {
				if (lines.get(i).startsWith("{")) {
					return new RunResult(name.substring(0, dash), name.substring(dash + 1), MAPPER.readTree(lines.get(i)));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// an unreadable or unfinished run counts as no run
		}
		return null;
	}

	/**
	 * @param path a field, dotted for nested objects
	 * @return its value, or NaN when absent
	 */
	double number(String path) {
		JsonNode node = this.json;
		for (String part : path.split("\\.")) {
			node = node.path(part);
		}
		return node.isNumber() ? node.asDouble() : Double.NaN;
	}

}
