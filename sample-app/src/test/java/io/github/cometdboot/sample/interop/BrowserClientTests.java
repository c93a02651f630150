package io.github.cometdboot.sample.interop;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.server.BayeuxServer;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

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
		try {
			run(directory, chromium);
		}
		finally {
			broadcast.dispose();
		}
	}

	private void run(File directory, String chromium) throws Exception {
		Path log = Files.createTempFile("browser-client-e2e", ".log");
		ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-concurrency=1", "--test-reporter=spec")
			.directory(directory)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		environment.put("COMETD_URL", "http://127.0.0.1:" + this.port + "/cometd");
		environment.put("CHROMIUM_PATH", chromium);
		// For the restart test: the suite starts its own sample app, from the classpath of this test.
		environment.put("SAMPLE_APP_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
		environment.put("SAMPLE_APP_CLASSPATH",
				System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
		Process node = builder.start();
		boolean finished = node.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
		if (!finished) {
			node.descendants().forEach(ProcessHandle::destroyForcibly);
			node.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		System.out.println(output);
		assertThat(finished).as("node --test finished within %d minutes:%n%s", TIMEOUT_MINUTES, output).isTrue();
		assertThat(node.exitValue()).as("node --test output:%n%s", output).isZero();
		assertThat(output).as("some tests ran").containsPattern("pass [1-9]").doesNotContainPattern("fail [1-9]");
	}

}
