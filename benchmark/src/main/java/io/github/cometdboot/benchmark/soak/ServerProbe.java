package io.github.cometdboot.benchmark.soak;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.netty.http.client.HttpClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the soak reads of the server under test: its sessions and channels from the {@code cometd}
 * actuator endpoint, and its heap after a full GC, asked of the JVM with {@code jcmd}.
 */
final class ServerProbe {

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private final HttpClient http = HttpClient.create().responseTimeout(Duration.ofSeconds(10));

	private final String actuator;

	private final long pid;

	/**
	 * @param actuator the URL of the {@code cometd} actuator endpoint
	 * @param pid the server's process id, or -1 to skip the heap
	 */
	ServerProbe(String actuator, long pid) {
		this.actuator = actuator;
		this.pid = pid;
	}

	/** @return the live sessions and the channels, from the endpoint's summary */
	Counts counts() {
		String json = this.http.get().uri(this.actuator).responseContent().aggregate().asString()
			.block(Duration.ofSeconds(15));
		Map<String, Object> summary = JsonMapper.builder().build().readValue(json, new TypeReference<>() {
		});
		return new Counts(((Number) summary.get("sessions")).intValue(), ((Number) summary.get("channels")).intValue());
	}

	/**
	 * Run a full GC in the server (twice, so that what the first one freed by finalization is gone too)
	 * and read the heap in use.
	 * @return the heap in use after GC in KiB, or -1 without a pid
	 */
	long heapAfterGcKib() throws IOException, InterruptedException {
		if (this.pid < 0) {
			return -1;
		}
		jcmd("GC.run");
		jcmd("GC.run");
		Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
		return used.find() ? Long.parseLong(used.group(1)) : -1;
	}

	private String jcmd(String command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("jcmd", Long.toString(this.pid), command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroy();
			throw new IOException("jcmd " + command + " did not finish");
		}
		return output;
	}

	/**
	 * The server's live state.
	 * @param sessions live sessions
	 * @param channels channels with subscribers or recent traffic
	 */
	record Counts(int sessions, int channels) {
	}

}
