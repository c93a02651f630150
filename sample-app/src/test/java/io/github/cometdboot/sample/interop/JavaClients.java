package io.github.cometdboot.sample.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.websocket.WebSocketContainer;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.ClientTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.ee11.websocket.jakarta.client.JakartaWebSocketClientContainerProvider;

/**
 * Creates official CometD Java clients against a running server, each with its own HTTP client (so
 * each is its own "browser" with its own cookies), and closes them all at the end of a test.
 */
final class JavaClients implements AutoCloseable {

	/** The transports the CometD Java client offers. */
	enum Kind {

		LONG_POLLING, WEBSOCKET

	}

	private final String url;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private final List<HttpClient> httpClients = new ArrayList<>();

	private final List<WebSocketContainer> containers = new ArrayList<>();

	private final List<BayeuxClient> clients = new ArrayList<>();

	JavaClients(String url) {
		this.url = url;
	}

	/**
	 * A new, not yet handshaken client.
	 * @param kind the transport it uses
	 * @param delay decides, per HTTP request, how long it is held back before it is sent
	 * @return the client
	 */
	BayeuxClient create(Kind kind, RequestDelay delay) throws Exception {
		HttpClient httpClient = new HttpClient();
		httpClient.start();
		this.httpClients.add(httpClient);
		ClientTransport longPolling = new JettyHttpClientTransport(this.url, new java.util.HashMap<>(), this.scheduler, httpClient) {
			@Override
			protected void customize(Request request, org.cometd.bayeux.Promise<Request> promise) {
				long millis = delay.millisFor(request);
				if (millis > 0) {
					JavaClients.this.scheduler.schedule(() -> promise.succeed(request), millis,
							java.util.concurrent.TimeUnit.MILLISECONDS);
				}
				else {
					promise.succeed(request);
				}
			}
		};
		BayeuxClient client;
		if (kind == Kind.WEBSOCKET) {
			WebSocketContainer container = JakartaWebSocketClientContainerProvider.getContainer(httpClient);
			this.containers.add(container);
			client = new BayeuxClient(this.url, new WebSocketTransport(new java.util.HashMap<>(), this.scheduler, container));
		}
		else {
			client = new BayeuxClient(this.url, longPolling);
		}
		this.clients.add(client);
		return client;
	}

	BayeuxClient create(Kind kind) throws Exception {
		return create(kind, (request) -> 0);
	}

	@Override
	public void close() throws Exception {
		for (BayeuxClient client : this.clients) {
			client.disconnect(2000);
		}
		for (WebSocketContainer container : this.containers) {
			JakartaWebSocketClientContainerProvider.stop(container);
		}
		for (HttpClient httpClient : this.httpClients) {
			httpClient.stop();
		}
		this.scheduler.shutdownNow();
	}

	/** How long to hold back an HTTP request of the client. */
	@FunctionalInterface
	interface RequestDelay {

		long millisFor(Request request);

	}

}
