package io.github.cometdboot.programmingmodel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSession;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Official CometD Java clients (long-polling), each its own browser, optionally signed in with HTTP
 * Basic; closed together at the end of a test.
 */
public final class JavaClientFactory implements AutoCloseable {

	/** How long a test waits for any one reply or message. */
	public static final long WAIT_SECONDS = 10;

	private final String url;

	private final List<HttpClient> httpClients = new ArrayList<>();

	private final List<BayeuxClient> clients = new ArrayList<>();

	/**
	 * Clients of the application on a port.
	 * @param port the HTTP port
	 */
	public JavaClientFactory(int port) {
		this.url = "http://127.0.0.1:" + port + "/cometd";
	}

	/**
	 * A client, handshaken and connected.
	 * @param user the user it authenticates as, or {@code null}
	 * @param extensions extensions to add before the handshake (the ack extension, say)
	 * @return the connected client
	 * @throws Exception when it cannot connect
	 */
	public BayeuxClient connected(@Nullable String user, ClientSession.Extension... extensions) throws Exception {
		BayeuxClient client = client(user, extensions);
		client.handshake();
		assertThat(client.waitFor(WAIT_SECONDS * 1000, BayeuxClient.State.CONNECTED)).as("connected").isTrue();
		return client;
	}

	/**
	 * A client, not handshaken yet.
	 * @param user the user it authenticates as over HTTP, or {@code null}
	 * @param extensions extensions to add before the handshake (the ack extension, say)
	 * @return the client
	 * @throws Exception when its HTTP client cannot start
	 */
	public BayeuxClient client(@Nullable String user, ClientSession.Extension... extensions) throws Exception {
		HttpClient httpClient = new HttpClient();
		httpClient.start();
		this.httpClients.add(httpClient);
		String authorization = (user != null) ? "Basic " + Base64.getEncoder()
			.encodeToString((user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8)) : null;
		BayeuxClient client = new BayeuxClient(this.url, new JettyHttpClientTransport(new HashMap<>(), httpClient) {
			@Override
			protected void customize(Request request) {
				if (authorization != null) {
					request.headers((headers) -> headers.put(HttpHeader.AUTHORIZATION, authorization));
				}
			}
		});
		this.clients.add(client);
		for (ClientSession.Extension extension : extensions) {
			client.addExtension(extension);
		}
		return client;
	}

	public static BlockingQueue<Message> subscribe(BayeuxClient client, String channel) throws Exception {
		BlockingQueue<Message> received = new LinkedBlockingQueue<>();
		Message reply = subscribeReply(client, channel, received);
		assertThat(reply.isSuccessful()).as("subscribed to %s: %s", channel, reply).isTrue();
		return received;
	}

	public static Message subscribeReply(BayeuxClient client, String channel, BlockingQueue<Message> received)
			throws Exception {
		CompletableFuture<Message> reply = new CompletableFuture<>();
		client.getChannel(channel).subscribe((c, message) -> received.add(message), reply::complete);
		return reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
	}

	public static Message publish(BayeuxClient client, String channel, Object data) throws Exception {
		CompletableFuture<Message> reply = new CompletableFuture<>();
		client.getChannel(channel).publish(data, reply::complete);
		return reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
	}

	public static Message remoteCall(BayeuxClient client, String target, Object data) throws Exception {
		CompletableFuture<Message> reply = new CompletableFuture<>();
		client.remoteCall(target, data, reply::complete);
		return reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws Exception {
		for (BayeuxClient client : this.clients) {
			client.disconnect(2000);
		}
		for (HttpClient httpClient : this.httpClients) {
			httpClient.stop();
		}
	}

}
