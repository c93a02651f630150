package io.github.cometdboot.sample.interop;

import java.io.File;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Runs the Node interop suite in {@code src/test/node} (the official CometD JavaScript client with
 * cometd-nodejs-client, and the Faye client, from npm) against the sample app on a random port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("interop")
class NodeClientsInteropTests {

	private static final long TIMEOUT_MINUTES = 4;

	@LocalServerPort
	private int port;

	@Test
	void officialCometdJavaScriptClientAndFayeClientPass() throws Exception {
		assumeFalse(Boolean.getBoolean("interop.skip"), "interop.skip is set");
		File directory = new File(System.getProperty("interop.node.dir", "src/test/node"));
		// Acknowledged delivery over websocket needs a setting of its own: NodeAckOverCookieLessWebSocketTests.
		NodeTestRun.runAndAssertPassed(directory, Map.of("COMETD_URL", "http://127.0.0.1:" + this.port + "/cometd",
				"ACK_TRANSPORTS", "long-polling"), TIMEOUT_MINUTES);
	}

}
