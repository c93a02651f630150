package io.github.cometdboot.benchmark.soak;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.netty.http.client.HttpClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the soak and the flood benchmark read of the server under test: its sessions and channels from
 * the {@code cometd} actuator endpoint, its open connections from the {@code cometd.connections.open}
 * metric, and its heap after a full GC, asked of the JVM with {@code jcmd}.
 */
public final class ServerProbe {

	private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	private final String actuator;

	private final long pid;

	/**
	 * @param actuator the URL of the {@code cometd} actuator endpoint
	 * @param pid the server's process id, or -1 to skip the heap
	 */
	public ServerProbe(String actuator, long pid) {
		this(actuator, pid, HttpClient.create());
	}

	/**
	 * @param actuator the URL of the {@code cometd} actuator endpoint
	 * @param pid the server's process id, or -1 to skip the heap
	 * @param http the client to ask with (the flood benchmark binds it to an address of its own, so that
	 * what the server limits per address never refuses the probe)
	 */
	public ServerProbe(String actuator, long pid, HttpClient http) {
		this.actuator = actuator;
		this.pid = pid;
		this.http = http.responseTimeout(Duration.ofSeconds(10));
	}

	/** @return the live sessions and the channels, from the endpoint's summary */
	public Counts counts() {
		Map<String, Object> summary = get(this.actuator);
		return new Counts(((Number) summary.get("sessions")).intValue(), ((Number) summary.get("channels")).intValue());
	}

	/**
	 * @return the connections open on the Bayeux path, as the server counts them against
	 * {@code cometd.limits.max-connections}, or -1 if the metric cannot be read
	 */
	public long openConnections() {
		try {
			Map<String, Object> metric = get(this.actuator.replaceFirst("/cometd$", "/metrics/cometd.connections.open"));
			List<?> measurements = (List<?>) metric.get("measurements");
			return ((Number) ((Map<?, ?>) measurements.get(0)).get("value")).longValue();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private Map<String, Object> get(String url) {
		String json = this.http.get().uri(url).responseContent().aggregate().asString().block(Duration.ofSeconds(15));
		return JSON.readValue(json, new TypeReference<>() {
		});
	}

	/**
	 * The live heap of the server: {@code jcmd GC.class_histogram} runs a full GC and counts what is left,
	 * within the same pause. (Reading {@code GC.heap_info} after a {@code GC.run} counts what the server
	 * allocated in between too: 149 MiB where 20 MiB were live, read under a handshake flood.)
	 * @return the heap in use after GC in KiB, or -1 without a pid
	 */
	public long heapAfterGcKib() throws IOException, InterruptedException {
		if (this.pid < 0) {
			return -1;
		}
		Matcher total = HISTOGRAM_TOTAL.matcher(jcmd("GC.class_histogram"));
		return total.find() ? Long.parseLong(total.group(1)) / 1024 : -1;
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
	public record Counts(int sessions, int channels) {
	}

}
