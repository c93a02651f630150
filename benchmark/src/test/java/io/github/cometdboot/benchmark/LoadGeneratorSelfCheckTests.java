package io.github.cometdboot.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.benchmark.floor.FloorServer;
import io.github.cometdboot.benchmark.load.LoadGenerator;
import io.github.cometdboot.benchmark.load.LoadOptions;
import io.github.cometdboot.benchmark.peer.CometdPeerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator checks itself against the servers, in process, for about a second each: CometD,
 * ours and the floor server. Every probe published must reach every member of its room exactly once.
 * Only the accounting is asserted, never a timing.
 */
class LoadGeneratorSelfCheckTests {

	private static CometdPeerServer peer;

	private static ConfigurableApplicationContext ours;

	private static FloorServer floor;

	@BeforeAll
	static void startServers() throws Exception {
		peer = CometdPeerServer.start(0);
		floor = FloorServer.start(0);
		ours = SpringApplication.run(OurServer.class, "--server.port=0", "--server.address=127.0.0.1",
				"--spring.main.banner-mode=off");
	}

	@AfterAll
	static void stopServers() throws Exception {
		ours.close();
		peer.close();
		floor.close();
	}

	@Test
	void longPollingAgainstCometd() {
		assertNothingLostOrDuplicated(run(peer.port(), "long-polling"));
	}

	@Test
	void websocketAgainstCometd() {
		assertNothingLostOrDuplicated(run(peer.port(), "websocket"));
	}

	@Test
	void longPollingAgainstOurs() {
		assertNothingLostOrDuplicated(run(oursPort(), "long-polling"));
	}

	@Test
	void websocketAgainstOurs() {
		assertNothingLostOrDuplicated(run(oursPort(), "websocket"));
	}

	@Test
	void longPollingAgainstFloor() {
		assertNothingLostOrDuplicated(run(floor.port(), "long-polling"));
	}

	@Test
	void websocketAgainstFloor() {
		assertNothingLostOrDuplicated(run(floor.port(), "websocket"));
	}

	@Test
	void cometdJavaClientOverLongPollingAgainstOurs() {
		assertNothingLostOrDuplicated(run(oursPort(), "long-polling", "--client=cometd"));
	}

	@Test
	void cometdJavaClientOverWebSocketAgainstOurs() {
		assertNothingLostOrDuplicated(run(oursPort(), "websocket", "--client=cometd"));
	}

	@Test
	void cometdJavaClientOverLongPollingAgainstCometd() {
		assertNothingLostOrDuplicated(run(peer.port(), "long-polling", "--client=cometd"));
	}

	@Test
	void publishersPublishOnEveryRoomWhenAskedTo() {
		// 6 clients in 3 rooms, 1 publisher: every probe of its 3 streams is owed to the 2 members of one room.
		LoadOptions options = LoadOptions.parse("--url=http://127.0.0.1:" + oursPort() + "/cometd",
				"--transport=long-polling", "--clients=6", "--rooms=3", "--publishers=1", "--publish-to=all",
				"--rate=60", "--warmup=0.3", "--duration=1", "--drain=10");
		Map<String, Object> summary = new LoadGenerator(options).run();
		assertThat((Long) summary.get("sent")).isPositive();
		assertThat(summary.get("expected")).isEqualTo(2 * (Long) summary.get("sent"));
		assertThat(summary).containsEntry("lost", 0L).containsEntry("duplicates", 0L).containsEntry("errors", 0L);
	}

	@Test
	void publishersAloneConnectToThePublishUrl() {
		// Nothing listens on port 1: exactly the two publishing clients fail their handshake.
		LoadOptions options = LoadOptions.parse("--url=http://127.0.0.1:" + oursPort() + "/cometd",
				"--publish-url=http://127.0.0.1:1/cometd", "--transport=long-polling", "--clients=6", "--rooms=2",
				"--publishers=2", "--rate=40", "--warmup=0.3", "--duration=1", "--drain=1");
		Map<String, Object> summary = new LoadGenerator(options).run();
		assertThat(summary).containsEntry("aborted", "setup").containsEntry("errors", 2L);
	}

	private static int oursPort() {
		return Integer.parseInt(ours.getEnvironment().getProperty("local.server.port"));
	}

	private static Map<String, Object> run(int port, String transport, String... more) {
		List<String> args = new ArrayList<>(List.of("--url=http://127.0.0.1:" + port + "/cometd",
				"--transport=" + transport, "--clients=6", "--rooms=2", "--rate=40", "--warmup=0.3", "--duration=1",
				"--drain=10"));
		args.addAll(List.of(more));
		return new LoadGenerator(LoadOptions.parse(args.toArray(String[]::new))).run();
	}

	private static void assertNothingLostOrDuplicated(Map<String, Object> summary) {
		assertThat(summary).doesNotContainKey("aborted");
		assertThat((Long) summary.get("sent")).isPositive();
		// 6 clients in 2 rooms: each probe is owed to the 3 members of its room, publisher included.
		assertThat(summary.get("expected")).isEqualTo(3 * (Long) summary.get("sent"));
		assertThat(summary.get("received")).isEqualTo(summary.get("expected"));
		assertThat(summary).containsEntry("lost", 0L).containsEntry("duplicates", 0L).containsEntry("errors", 0L);
	}

	/** Our server as an application would embed it: the starter's defaults on Reactor Netty. */
	@SpringBootApplication
	static class OurServer {

	}

}
