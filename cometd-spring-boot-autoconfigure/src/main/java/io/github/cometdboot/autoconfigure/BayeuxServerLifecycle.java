package io.github.cometdboot.autoconfigure;

import io.github.cometdboot.server.BayeuxServer;

import org.springframework.context.SmartLifecycle;

/**
 * The one owner of the Bayeux server's life: it starts the hub when the context starts and stops it
 * when the context stops (the hub's bean has no init or destroy method of its own).
 * <p>
 * One phase serves both directions, and stopping is the one that matters: the hub stops before the web
 * server's graceful shutdown, so that ending the sessions answers every held long poll at once (with
 * handshake advice, so clients move to another node or come back after the restart), instead of the
 * graceful phase waiting up to its timeout for them. The price is on the way up: Boot starts the web
 * server in an earlier phase, so a request can arrive a moment before the hub runs; a hub that is not
 * running (not yet, or no more) answers a handshake with {@code 503::server_unavailable} and handshake
 * advice, and the client retries.
 */
final class BayeuxServerLifecycle implements SmartLifecycle {

	private final BayeuxServer server;

	BayeuxServerLifecycle(BayeuxServer server) {
		this.server = server;
	}

	@Override
	public void start() {
		this.server.start();
	}

	@Override
	public void stop() {
		this.server.stop();
	}

	@Override
	public boolean isRunning() {
		return this.server.isRunning();
	}

	/**
	 * The default phase: higher than the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and
	 * its start and stop ({@code DEFAULT_PHASE - 2048}), so the hub stops first and starts last.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
