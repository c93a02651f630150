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
 * Acknowledged delivery with the official CometD JavaScript client in Node over websocket, whose
 * sockets ({@code cometd-nodejs-client} installs npm {@code ws}) carry no cookies: when a socket is
 * cut, the next one can carry on the session only where the server trusts cookie-less websockets with
 * the {@code clientId} they name, {@code cometd.websocket.require-browser-cookie=false} (by default it
 * would be a new browser, the client would handshake again, and the lost messages would stay with the
 * old session).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "cometd.websocket.require-browser-cookie=false")
@ActiveProfiles("interop")
class NodeAckOverCookieLessWebSocketTests {

	private static final long TIMEOUT_MINUTES = 2;

	@LocalServerPort
	private int port;

	@Test
	void officialCometdJavaScriptClientWithAckExtensionOverWebSocketPasses() throws Exception {
		assumeFalse(Boolean.getBoolean("interop.skip"), "interop.skip is set");
		File directory = new File(System.getProperty("interop.node.dir", "src/test/node"));
		NodeTestRun.runAndAssertPassed(directory, Map.of("COMETD_URL", "http://127.0.0.1:" + this.port + "/cometd",
				"ACK_TRANSPORTS", "websocket"), TIMEOUT_MINUTES, "cometd-ack.test.mjs");
	}

}
