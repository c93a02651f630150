package io.github.cometdboot.sample.interop;

import java.io.File;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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
		NodeTestRun.runAndAssertPassed(DIRECTORY, Map.of("BASE_URL", "http://127.0.0.1:" + this.port),
				TIMEOUT_MINUTES, "--test-concurrency=1");
	}

}
