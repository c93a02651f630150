package io.github.cometdboot.benchmark.load;

import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.websocket.WebSocketContainer;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.ClientTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.ee11.websocket.jakarta.client.JakartaWebSocketClientContainerProvider;

/**
 * What the official CometD Java clients of one run share: one Jetty {@link HttpClient} (each
 * {@code BayeuxClient} still keeps its own cookies, so each is a browser of its own to the server), one
 * websocket container over it, and one scheduler, as a load tool with hundreds of clients sets them up.
 */
public final class CometdClients implements AutoCloseable {

	private final HttpClient http = new HttpClient();

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private final WebSocketContainer container;

	private CometdClients(int clients) {
		this.http.setMaxConnectionsPerDestination(clients * 2 + 32);
		this.http.setMaxRequestsQueuedPerDestination(Math.max(1024, clients * 64));
		try {
			this.http.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("The Jetty HTTP client did not start", ex);
		}
		this.container = JakartaWebSocketClientContainerProvider.getContainer(this.http);
	}

	/**
	 * Start the shared resources.
	 * @param clients how many clients will share the HTTP client: each may hold a long poll and send a
	 * request beside it, so the pool allows two connections per client
	 * @return the started resources
	 */
	public static CometdClients start(int clients) {
		return new CometdClients(clients);
	}

	/**
	 * A new client.
	 * @param index the client's index
	 * @param room its room channel
	 * @param ledger the run's books
	 * @param url the Bayeux URL
	 * @param transport {@code long-polling} or {@code websocket}
	 * @return the client, not yet started
	 */
	public BayeuxClient create(int index, String room, Ledger ledger, String url, String transport) {
		ClientTransport clientTransport = transport.equals(WebSocketClient.TYPE)
				? new WebSocketTransport(new HashMap<>(), this.scheduler, this.container)
				: new JettyHttpClientTransport(new HashMap<>(), this.http);
		return new CometdJavaClient(index, room, ledger, url, clientTransport, this);
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	@Override
	public void close() {
		try {
			JakartaWebSocketClientContainerProvider.stop(this.container);
			this.http.stop();
		}
		catch (Exception ex) {
			// The run is over and its summary written: a client that does not stop cleanly changes nothing.
		}
		finally {
			this.scheduler.shutdownNow();
		}
	}

}
