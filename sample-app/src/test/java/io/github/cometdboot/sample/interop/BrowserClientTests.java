package io.github.cometdboot.sample.interop;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Runs the end-to-end suite of the starter's own JavaScript client ({@code src/test/browser-client}:
 * headless Chromium driven by playwright-core) against the sample app on a random port: every
 * transport, fallback from a silent websocket, and a restart of a second sample app that the suite
 * starts itself from this test's classpath.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("interop")
class BrowserClientTests {

	private static final long TIMEOUT_MINUTES = 8;

	/** A service of the test only: the server publishes what it is asked to, as application code would. */
	private static final String BROADCAST_SERVICE = "/service/e2e/broadcast";

	/** A service of the test only: the server ends the session it is given, as an operator would. */
	private static final String END_SESSION_SERVICE = "/service/e2e/end-session";

	@LocalServerPort
	private int port;

	@Autowired
	private BayeuxServer server;

	@Test
	void javaScriptClientPassesInChromium() throws Exception {
		assumeFalse(Boolean.getBoolean("interop.skip"), "interop.skip is set");
		File directory = new File(System.getProperty("interop.browser-client.dir", "src/test/browser-client"));
		assertThat(new File(directory, "node_modules")).as("npm ci ran in " + directory).isDirectory();
		String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
		assertThat(new File(chromium)).as("Debian's chromium at %s (apt-get install chromium), or -Dinterop.skip=true",
				chromium).canRead();
		Disposable broadcast = this.server.addService(BROADCAST_SERVICE, (session, message) -> {
			Map<?, ?> request = (Map<?, ?>) message.data();
			return this.server.publish((String) request.get("channel"), request.get("data"))
				.thenReturn((Object) Map.of("published", true));
		});
		Disposable endSession = this.server.addService(END_SESSION_SERVICE, (session, message) -> {
			ServerSession target = this.server.sessions().find((String) ((Map<?, ?>) message.data()).get("clientId"));
			if (target != null) {
				this.server.disconnect(target, DisconnectReason.SERVER);
			}
			return Mono.just((Object) Map.of("ended", target != null));
		});
		try {
			run(directory, chromium);
		}
		finally {
			broadcast.dispose();
			endSession.dispose();
		}
	}

	private void run(File directory, String chromium) throws Exception {
		// For the restart test: the suite starts its own sample app, from the classpath of this test.
		Map<String, String> environment = Map.of("COMETD_URL", "http://127.0.0.1:" + this.port + "/cometd",
				"CHROMIUM_PATH", chromium, "SAMPLE_APP_JAVA",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "SAMPLE_APP_CLASSPATH",
				System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
		NodeTestRun.runAndAssertPassed(directory, environment, TIMEOUT_MINUTES, "--test-concurrency=1");
	}

}
