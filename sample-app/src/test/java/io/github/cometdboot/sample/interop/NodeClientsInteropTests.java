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

import static org.assertj.core.api.Assertions.assertThat;
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
		assertThat(new File(directory, "node_modules")).as("npm ci ran in " + directory).isDirectory();
		Path log = Files.createTempFile("node-interop", ".log");
		ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec").directory(directory)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("COMETD_URL", "http://127.0.0.1:" + this.port + "/cometd");
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
