package io.github.cometdboot.autoconfigure;

import io.github.cometdboot.server.BayeuxServer;

import org.springframework.context.SmartLifecycle;

/**
 * Stops the Bayeux server before the web server's graceful shutdown: ending the sessions answers
 * every held long poll at once (with handshake advice, so clients move to another node or come back
 * after the restart), instead of the graceful phase waiting up to its timeout for them.
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
	 * The default phase, later than the web server's graceful shutdown phase: the highest phase stops
	 * first.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
