package io.github.cometdboot.sample.interop;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Runs the browser suite in {@code src/test/browser} (the Faye browser client in headless Chromium,
 * websocket disabled, so that it uses the eventsource transport) against the sample app on a random
 * port. The app also serves the suite's page and Faye's browser bundle, so that page and Bayeux
 * endpoint share an origin, as Faye's eventsource transport requires.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "cometd.eventsource.max-duration=2s")
@ActiveProfiles("interop")
class BrowserStreamingTests {

	private static final long TIMEOUT_MINUTES = 4;

	private static final File DIRECTORY = new File(System.getProperty("interop.browser.dir", "src/test/browser"));

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void servePageAndFaye(DynamicPropertyRegistry registry) {
		registry.add("spring.web.resources.static-locations",
				() -> "file:" + new File(DIRECTORY, "pages").getAbsolutePath() + "/,file:"
						+ new File(DIRECTORY, "node_modules/faye/client").getAbsolutePath() + "/");
	}

	@Test
	void fayeBrowserClientOverEventSourcePasses() throws Exception {
		assumeFalse(Boolean.getBoolean("interop.skip"), "interop.skip is set");
		assertThat(new File(DIRECTORY, "node_modules")).as("npm ci ran in " + DIRECTORY).isDirectory();
		Path log = Files.createTempFile("browser-streaming", ".log");
		ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec", "--test-concurrency=1")
			.directory(DIRECTORY)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("BASE_URL", "http://127.0.0.1:" + this.port);
		Process node = builder.start();
		boolean finished = node.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
		if (!finished) {
			node.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		System.out.println(output);
		assertThat(finished).as("node --test finished within %d minutes:%n%s", TIMEOUT_MINUTES, output).isTrue();
		assertThat(node.exitValue()).as("node --test output:%n%s", output).isZero();
		assertThat(output).as("some tests ran").containsPattern("pass [1-9]").doesNotContainPattern("fail [1-9]");
	}

}
