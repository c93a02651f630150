package io.github.cometdboot.benchmark.peer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import jakarta.servlet.ServletContext;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.http.JSONHttpTransport;
import org.cometd.server.http.JSONPHttpTransport;
import org.cometd.server.http.jakarta.CometDServlet;
import org.cometd.server.websocket.jetty.JettyWebSocketTransport;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The peer to compare against: the real CometD 9 server ({@code BayeuxServerImpl} behind
 * {@code CometDServlet}) on embedded Jetty 12.1 with its Jetty websocket transport, long-polling and
 * callback-polling, at {@code /cometd}, bound to 127.0.0.1.
 * <p>
 * Settings are CometD's production defaults, like the defaults of our server it is measured against:
 * timeout 20 s, maxInterval 10 s, Jetty's default thread pool, no debug logging, and the default
 * security policy, which lets any handshaken session create, subscribe to and publish on broadcast
 * channels such as {@code /chat/**} or the benchmark's {@code /bench/**}.
 */
public final class CometdPeerServer implements AutoCloseable {

	private final Server server;

	private final BayeuxServerImpl bayeux;

	private CometdPeerServer(Server server, BayeuxServerImpl bayeux) {
		this.server = server;
		this.bayeux = bayeux;
	}

	/**
	 * Start a peer.
	 * @param port the port, 0 for any free one
	 * @return the running peer
	 * @throws Exception if Jetty or CometD cannot start
	 */
	public static CometdPeerServer start(int port) throws Exception {
		QueuedThreadPool threads = new QueuedThreadPool();
		threads.setName("cometd-peer");
		Server server = new Server(threads);
		ServerConnector connector = new ServerConnector(server);
		connector.setHost("127.0.0.1");
		connector.setPort(port);
		server.addConnector(connector);

		ServletContextHandler context = new ServletContextHandler("/");
		server.setHandler(context);
		// Jetty's core websocket upgrade sits in front of the servlets; CometD's transport adds its mapping to it.
		context.insertHandler(WebSocketUpgradeHandler.from(server, context));

		BayeuxServerImpl bayeux = new BayeuxServerImpl();
		bayeux.setOption("transports", String.join(",", JettyWebSocketTransport.class.getName(),
				JSONHttpTransport.class.getName(), JSONPHttpTransport.class.getName()));
		bayeux.setOption("cometdURLMapping", "/cometd/*");
		bayeux.setOption(Context.class.getName(), context.getContext());
		bayeux.setOption(ServletContext.class.getName(), context.getServletContext());
		context.setAttribute(BayeuxServer.ATTRIBUTE, bayeux);

		ServletHolder cometd = new ServletHolder(CometDServlet.class);
		cometd.setAsyncSupported(true);
		cometd.setInitOrder(1);
		context.addServlet(cometd, "/cometd/*");

		server.start();
		// After Jetty: the websocket container the transport looks up exists once the context has started.
		bayeux.start();
		return new CometdPeerServer(server, bayeux);
	}

	/** @return the port it listens on */
	public int port() {
		return ((ServerConnector) this.server.getConnectors()[0]).getLocalPort();
	}

	/** @return the CometD server, for tests */
	public BayeuxServerImpl bayeux() {
		return this.bayeux;
	}

	@Override
	public void close() throws Exception {
		this.server.stop();
		this.bayeux.stop();
	}

	private static String cometdVersion() {
		// The shaded jar drops the manifests but keeps each artifact's pom.properties.
		try (InputStream in = CometdPeerServer.class
			.getResourceAsStream("/META-INF/maven/org.cometd.java/cometd-java-server-common/pom.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "(unknown version)");
		}
		catch (IOException ex) {
			return "(unknown version)";
		}
	}

	/**
	 * Run a peer until the process is stopped.
	 * @param args {@code --port=N} (default 8080)
	 * @throws Exception if it cannot start
	 */
	public static void main(String[] args) throws Exception {
		int port = 8080;
		for (String arg : args) {
			if (arg.startsWith("--port=") || arg.startsWith("--server.port=")) {
				port = Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
			}
			else {
				throw new IllegalArgumentException("Unknown argument '" + arg + "'; known: --port=N");
			}
		}
		CometdPeerServer peer = start(port);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				peer.close();
			}
			catch (Exception ex) {
				// the process is ending anyway
			}
		}, "cometd-peer-shutdown"));
		System.err.println("[peer] CometD " + cometdVersion() + " listening on http://127.0.0.1:" + peer.port()
				+ "/cometd");
		peer.server.join();
	}

}
