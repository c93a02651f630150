package io.github.cometdboot.sample.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@code node --test} run of a Node suite (in a directory where {@code npm ci} ran), its output
 * printed and asserted: finished in time, exit code 0, some tests passed, none failed.
 */
final class NodeTestRun {

	private NodeTestRun() {
	}

	/**
	 * Run the suite and assert it passed.
	 * @param directory the suite's directory
	 * @param environment variables for the suite, such as the server's URL
	 * @param timeoutMinutes how long the suite may take
	 * @param extraArguments more {@code node} arguments, such as test files or options
	 * @return the spec reporter's output
	 * @throws IOException if node cannot be started or its log read
	 * @throws InterruptedException if interrupted while waiting for node
	 */
	static String runAndAssertPassed(File directory, Map<String, String> environment, long timeoutMinutes,
			String... extraArguments) throws IOException, InterruptedException {
		assertThat(new File(directory, "node_modules")).as("npm ci ran in " + directory).isDirectory();
		List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=spec"));
		command.addAll(List.of(extraArguments));
		Path log = Files.createTempFile("node-test", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process node = builder.start();
		boolean finished = node.waitFor(timeoutMinutes, TimeUnit.MINUTES);
		if (!finished) {
			// A suite may start processes of its own (a server to restart): stop those too.
			node.descendants().forEach(ProcessHandle::destroyForcibly);
			node.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		System.out.println(output);
		assertThat(finished).as("node --test finished within %d minutes:%n%s", timeoutMinutes, output).isTrue();
		assertThat(node.exitValue()).as("node --test output:%n%s", output).isZero();
		assertThat(output).as("some tests ran").containsPattern("pass [1-9]").doesNotContainPattern("fail [1-9]");
		return output;
	}

}
