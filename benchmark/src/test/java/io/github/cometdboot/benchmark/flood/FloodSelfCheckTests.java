package io.github.cometdboot.benchmark.flood;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flood benchmark checks its own books: outcomes, the recovery verdict and the report from made-up
 * phases; the healthy clients' per-phase loss and latency, a handshake flood's outcomes and held
 * sockets' fate against real servers. Only the accounting is asserted, never a timing.
 */
class FloodSelfCheckTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private static ConfigurableApplicationContext ours;

	@BeforeAll
	static void startServer() {
		// The starter's defaults, the per-address handshake rate included.
		ours = SpringApplication.run(OurServer.class, "--server.port=0", "--server.address=127.0.0.1",
				"--spring.main.banner-mode=off");
	}

	@AfterAll
	static void stopServer() {
		ours.close();
	}

	@Test
	void outcomesAreCountedByLabelMostFrequentFirstAndLongLabelsAreCut() {
		Outcomes outcomes = new Outcomes();
		outcomes.add("ok");
		outcomes.add("429::handshake_rate_exceeded", 1200);
		outcomes.add("x".repeat(200));
		assertThat(outcomes.toString()).startsWith("429::handshake_rate_exceeded 1,200; ");
		assertThat(outcomes.snapshot()).containsEntry("ok", 1L).hasSize(3);
		assertThat(outcomes.snapshot().keySet()).allMatch((label) -> label.length() <= Outcomes.MAX_LABEL);
	}

	@Test
	void aPhaseAfterAnAttackIsJudgedAgainstTheBaseline() {
		Phase baseline = phase("baseline", "", healthy(200, 200, 20), new ServerState(20 * 1024, 40, 3, 3, 0));
		Phase back = phase("after x", "", healthy(200, 200, 60), new ServerState(30 * 1024, 55, 5, 8, 0));
		Phase notBack = phase("after y", "", healthy(200, 197, 90),
				new ServerState(60 * 1024, 2040, 3, 603, 0));
		assertThat(Recovery.judge(baseline, back).recovered()).isTrue();
		Recovery verdict = Recovery.judge(baseline, notBack);
		assertThat(verdict.recovered()).isFalse();
		assertThat(verdict.reasons()).containsExactly("heap +40.0 MiB", "open files +2000", "sessions +600",
				"healthy lost 6", "healthy p99 90.0 ms");
	}

	@Test
	void theReportHasARowPerPhaseAndAVerdictPerAttack() {
		ServerState server = new ServerState(20 * 1024, 40, 3, 3, 0);
		List<Phase> phases = List.of(phase("baseline", "", healthy(200, 200, 20), server),
				phase("idle sockets", "idle sockets", healthy(200, 200, 20), new ServerState(21 * 1024, 2040, 3, 3, 0)),
				phase("after idle sockets", "", healthy(200, 200, 25), server));
		String report = FloodReport.markdown(phases);
		assertThat(report.lines().filter((line) -> line.startsWith("| idle sockets |"))).hasSize(2);
		assertThat(report).contains("| 20.0 / 20.0 | 20.0 / 20.0 | 0 / 400 |")
			.contains("| 2,040 |")
			.contains("| idle sockets | yes |");
	}

	@Test
	void aSlowlorisSocketTricklesARequestHeadThatNeverEnds() {
		HeldSockets.SlowHead head = new HeldSockets.SlowHead();
		StringBuilder sent = new StringBuilder();
		for (int i = 0; i < HeldSockets.SLOWLORIS_HEAD.length() + 20; i++) {
			sent.append((char) head.nextByte());
		}
		assertThat(sent.toString()).startsWith("POST /cometd HTTP/1.1\r\n")
			.endsWith("X-a: b\r\nX-a: b\r\nX-a:")
			.doesNotContain("\r\n\r\n");
	}

	@Test
	void heldSocketsBookWhatTheServerDidWithEach() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			HeldSockets sockets = new HeldSockets("slowloris", new InetSocketAddress("127.0.0.1", server.getLocalPort()),
					Loopback.addresses(1, 1), 3, Duration.ofMillis(50));
			sockets.start();
			List<Socket> accepted = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				accepted.add(server.accept());
			}
			try {
				// The first bytes of the head arrive, one at a time.
				InputStream in = accepted.get(0).getInputStream();
				assertThat(new String(in.readNBytes(4), StandardCharsets.ISO_8859_1)).isEqualTo("POST");
				accepted.get(1).getOutputStream().write("HTTP/1.1 408 Request Timeout\r\n\r\n".getBytes());
				// A FIN, as a server that answers and closes sends (a close with the trickled bytes unread would reset).
				accepted.get(1).shutdownOutput();
				await(() -> Long.valueOf(1).equals(sockets.outcomes().snapshot().get("closed by server")));
				assertThat(sockets.outcomes().snapshot()).containsEntry("connected", 3L)
					.containsEntry("answered HTTP/1.1 408 Request Timeout", 1L)
					.containsEntry("open at the end", 2L);
			}
			finally {
				sockets.stop();
				for (Socket socket : accepted) {
					socket.close();
				}
			}
		}
	}

	@Test
	void aHandshakeFloodFromOneAddressMeetsTheHandshakeRate() throws Exception {
		HandshakeFlood flood = new HandshakeFlood(url(), List.of("127.0.0.5"), 4);
		flood.start();
		try {
			await(() -> flood.outcomes().snapshot().containsKey("429::handshake_rate_exceeded"));
		}
		finally {
			flood.stop();
		}
		// The burst went through before the rate refused the rest.
		assertThat(flood.outcomes().snapshot().get("ok")).isGreaterThanOrEqualTo(200L);
	}

	@Test
	void theHealthyClientsBookEachPhaseApart() throws Exception {
		HealthyClients healthy = new HealthyClients(url(), "127.0.0.6", 100, 2);
		healthy.start();
		try {
			for (int phase = 0; phase < 2; phase++) {
				healthy.phase(phase);
				int current = phase;
				await(() -> healthy.figures(current).get("websocket").sent() >= 20);
				healthy.pause();
				await(() -> healthy.figures(current).values().stream().allMatch((figures) -> figures.lost() == 0));
			}
			Map<String, HealthyFigures> first = healthy.figures(0);
			Map<String, HealthyFigures> second = healthy.figures(1);
			assertThat(first.keySet()).containsExactly("long-polling", "websocket");
			for (Map<String, HealthyFigures> figures : List.of(first, second)) {
				for (HealthyFigures subscriber : figures.values()) {
					assertThat(subscriber.received()).isEqualTo(subscriber.sent()).isGreaterThanOrEqualTo(20);
					assertThat(subscriber.p99Millis()).isNotNaN().isGreaterThanOrEqualTo(subscriber.p50Millis());
				}
			}
			assertThat(healthy.errors()).isZero();
		}
		finally {
			healthy.stop();
		}
	}

	private static String url() {
		int port = ((WebServerApplicationContext) ours).getWebServer().getPort();
		return "http://127.0.0.1:" + port + "/cometd";
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met within %s", DEADLINE).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static Map<String, HealthyFigures> healthy(long sent, long received, double p99) {
		Map<String, HealthyFigures> figures = new LinkedHashMap<>();
		figures.put("long-polling", new HealthyFigures(sent, received, p99, p99, p99));
		figures.put("websocket", new HealthyFigures(sent, received, p99, p99, p99));
		return figures;
	}

	private static Phase phase(String name, String attack, Map<String, HealthyFigures> healthy, ServerState server) {
		return new Phase(name, attack, 20, healthy, 0, "ok in 5 ms", server, attack.isEmpty() ? "" : "connected 2,000");
	}

	/** Our server as an application would embed it: the starter's defaults on Reactor Netty. */
	@SpringBootApplication
	static class OurServer {

	}

}
