package io.github.cometdboot.cluster.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A real Redis for the tests: the one on 127.0.0.1:6379 when it answers {@code PING}, else a
 * {@code redis-server} this class starts on a free port (without persistence) and stops when the JVM
 * exits. {@link #startOwn()} always starts a private one, which a test may stop and start again on
 * the same port.
 */
final class RedisServer {

	private static final int DEFAULT_PORT = 6379;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private static @Nullable RedisServer shared;

	private final int port;

	private @Nullable Process process;

	private RedisServer(int port) {
		this.port = port;
	}

	/** @return the Redis every test class may share (each with its own key prefix) */
	static synchronized RedisServer shared() {
		if (shared == null) {
			if (answers(DEFAULT_PORT)) {
				shared = new RedisServer(DEFAULT_PORT);
			}
			else {
				RedisServer own = startOwn();
				Runtime.getRuntime().addShutdownHook(new Thread(own::stop));
				shared = own;
			}
		}
		return shared;
	}

	/** @return a private {@code redis-server}, on a free port, started */
	static RedisServer startOwn() {
		RedisServer server = new RedisServer(freePort());
		server.start();
		return server;
	}

	int port() {
		return this.port;
	}

	/** Start this private server (again), on its port. */
	synchronized void start() {
		try {
			this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start redis-server (is it installed?)", ex);
		}
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!answers(this.port)) {
			if (System.nanoTime() > deadline || !this.process.isAlive()) {
				throw new IllegalStateException("redis-server did not answer on port " + this.port);
			}
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	/** Stop this private server and wait until it is gone; the shared default one is never stopped. */
	synchronized void stop() {
		Process current = this.process;
		if (current == null) {
			return;
		}
		current.destroy();
		try {
			current.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	private static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			return "+PONG".equals(line);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
