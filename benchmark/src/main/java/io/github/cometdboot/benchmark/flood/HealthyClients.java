package io.github.cometdboot.benchmark.flood;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import io.github.cometdboot.benchmark.load.BayeuxClient;
import io.github.cometdboot.benchmark.load.Ledger;
import io.github.cometdboot.benchmark.load.LongPollingClient;
import io.github.cometdboot.benchmark.load.Received;
import io.github.cometdboot.benchmark.load.WebSocketClient;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The healthy side, from an address of its own: a publisher that publishes probes on one channel at a
 * steady rate, and two subscribers of that channel, one long-polling and one on a websocket. Each
 * phase of the benchmark is a probe stream of its own (the probe's publisher field), so that latency
 * and loss are booked per phase exactly, whenever a probe arrives.
 */
final class HealthyClients {

	/** The channel the healthy clients use, which the publish flood also floods. */
	static final String CHANNEL = "/flood/healthy";

	private static final long HIGHEST_LATENCY_MICROS = 120_000_000L;

	private final Ledger ledger = new Ledger(this::delivered);

	private final ConnectionProvider pool = ConnectionProvider.builder("healthy").maxConnections(16).build();

	private final List<BayeuxClient> subscribers;

	private final LongPollingClient publisher;

	private final int maxPhases;

	private final AtomicLongArray sent;

	private final Map<String, Histogram> latency = new ConcurrentHashMap<>();

	private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "healthy-pacer");
		thread.setDaemon(true);
		return thread;
	});

	private final Duration period;

	private volatile int phase = -1;

	/**
	 * @param url the Bayeux URL
	 * @param address the healthy clients' local address
	 * @param rate probes per second
	 * @param maxPhases how many phases there may be
	 */
	HealthyClients(String url, String address, int rate, int maxPhases) {
		HttpClient http = Loopback.bind(HttpClient.create(this.pool), List.of(address));
		HttpClient sockets = Loopback.bind(HttpClient.newConnection(), List.of(address));
		this.subscribers = List.of(new LongPollingClient(0, CHANNEL, this.ledger, http, url),
				new WebSocketClient(1, CHANNEL, this.ledger, sockets, url));
		// The publisher listens on a channel of its own: it only publishes on the healthy one.
		this.publisher = new LongPollingClient(2, "/flood/healthy-publisher", this.ledger, http, url);
		this.maxPhases = maxPhases;
		this.sent = new AtomicLongArray(maxPhases);
		this.period = Duration.ofNanos(1_000_000_000L / rate);
	}

	/** Handshake and subscribe each client, and start the pacer (which publishes only in a phase). */
	void start() {
		Flux.concat(this.subscribers.get(0).start(), this.subscribers.get(1).start(), this.publisher.start())
			.blockLast(Duration.ofSeconds(60));
		this.pacer.scheduleAtFixedRate(this::publishOne, 0, this.period.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Start publishing the probes of a phase.
	 * @param index the phase's index, from 0
	 */
	void phase(int index) {
		if (index >= this.maxPhases) {
			throw new IllegalArgumentException("phase " + index + " of " + this.maxPhases);
		}
		this.phase = index;
	}

	/** Stop publishing until the next phase: the server is measured in between. */
	void pause() {
		this.phase = -1;
	}

	private void publishOne() {
		int current = this.phase;
		if (current >= 0) {
			long sequence = this.sent.getAndIncrement(current);
			this.publisher.publish(CHANNEL, current, sequence, this.ledger.now(), "");
		}
	}

	private void delivered(Ledger.Inbox inbox, Received message, long latencyNanos) {
		String transport = transportOf(inbox);
		this.latency.computeIfAbsent(key(transport, message.publisher()),
				(key) -> new ConcurrentHistogram(HIGHEST_LATENCY_MICROS, 3))
			.recordValue(Math.max(0, Math.min(latencyNanos / 1000, HIGHEST_LATENCY_MICROS)));
	}

	private String transportOf(Ledger.Inbox inbox) {
		for (BayeuxClient subscriber : this.subscribers) {
			if (subscriber.inbox() == inbox) {
				return transportOf(subscriber);
			}
		}
		return "publisher";
	}

	private static String transportOf(BayeuxClient subscriber) {
		return (subscriber instanceof WebSocketClient) ? WebSocketClient.TYPE : LongPollingClient.TYPE;
	}

	private static String key(String transport, int phase) {
		return transport + "/" + phase;
	}

	/** @return failures the healthy clients met so far (refused requests, dropped connections) */
	long errors() {
		return this.ledger.errors();
	}

	/** @return the latest failure the healthy clients met */
	String lastError() {
		return this.ledger.lastError();
	}

	/**
	 * What the subscribers got of a phase's probes; call it once the late ones had time to arrive.
	 * @param index the phase's index
	 * @return by transport, its latency and loss
	 */
	Map<String, HealthyFigures> figures(int index) {
		Map<String, HealthyFigures> result = new LinkedHashMap<>();
		int sentInPhase = (int) this.sent.get(index);
		for (BayeuxClient subscriber : this.subscribers) {
			String transport = transportOf(subscriber);
			Histogram histogram = this.latency.get(key(transport, index));
			int received = subscriber.inbox().receivedOf(index, sentInPhase);
			result.put(transport, HealthyFigures.of(histogram, sentInPhase, received));
		}
		return result;
	}

	/** Stop publishing, disconnect every client. */
	void stop() {
		this.pacer.shutdownNow();
		Flux.concat(this.publisher.stop(), this.subscribers.get(0).stop(), this.subscribers.get(1).stop())
			.blockLast(Duration.ofSeconds(30));
		this.pool.dispose();
	}

}
