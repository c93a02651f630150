package io.github.cometdboot.benchmark.floor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor server: a measuring instrument, not a product. It is the least a Bayeux server on plain
 * Netty can do for the benchmark's load generator, so that the server CPU per delivery it costs is the
 * floor that the I/O alone sets on this machine: if the floor's CPU per delivery is more than half of
 * CometD's in a scenario, no Netty server can meet a target of half of CometD's there.
 * <p>
 * It speaks the subset of Bayeux the load generator uses, at {@code /cometd} on 127.0.0.1: websocket
 * (upgrade on {@code GET /cometd}, each text frame a JSON array of messages) and long-polling
 * ({@code POST} of a JSON array to {@code /cometd} or below, answered with a JSON array);
 * {@code /meta/handshake}, {@code /meta/connect} (held until a message is queued or 30 s pass; on a
 * websocket, held as the heartbeat only), {@code /meta/subscribe}, {@code /meta/unsubscribe},
 * {@code /meta/disconnect}, and publishing to broadcast channels. Requests are parsed with Jackson; a
 * published message is encoded once, as a websocket frame, and its bytes are shared by every
 * subscriber of that exact channel: a websocket subscriber gets the frame written and flushed, a
 * long-polling one gets it queued and its held connect answered. It never loses or duplicates a
 * message, since the load generator counts both.
 * <p>
 * It leaves out everything else a server owes its users: security policy and authorisation, wildcard
 * subscriptions, extensions and acknowledgement, service channels' listeners, callback-polling,
 * message size and queue limits, pruning of sessions that vanish without a disconnect or a closed
 * connection, {@code maxInterval}, advice beyond the handshake, multiple sessions per browser, metrics
 * and logging. Epoll is used where available, else NIO, with Netty's default number of event loops
 * serving both the listening socket and the connections.
 */
public final class FloorServer implements AutoCloseable {

	private final EventLoopGroup group;

	private final Channel listener;

	private final String transport;

	private FloorServer(EventLoopGroup group, Channel listener, String transport) {
		this.group = group;
		this.listener = listener;
		this.transport = transport;
	}

	/**
	 * Start a floor server on 127.0.0.1.
	 * @param port the port, 0 for any free one
	 * @return the running server
	 * @throws InterruptedException if interrupted while binding
	 */
	public static FloorServer start(int port) throws InterruptedException {
		boolean epoll = Epoll.isAvailable();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
				: NioServerSocketChannel.class;
		try {
			Bayeux bayeux = new Bayeux(JsonMapper.builder().build());
			Channel listener = new ServerBootstrap().group(group)
				.channel(channelType)
				// Thousands of clients connect at once when a run sets up.
				.option(ChannelOption.SO_BACKLOG, 4096)
				.childHandler(new ChannelInitializer<>() {
					@Override
					protected void initChannel(Channel channel) {
						channel.pipeline()
							.addLast(new HttpServerCodec(), new HttpObjectAggregator(FloorHttpHandler.MAX_CONTENT),
									new FloorHttpHandler(bayeux));
					}
				})
				.bind("127.0.0.1", port)
				.sync()
				.channel();
			// One sweep a second answers the held connects whose time is up: no timer per connect.
			group.scheduleAtFixedRate(() -> bayeux.expire(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
			return new FloorServer(group, listener, epoll ? "epoll" : "nio");
		}
		catch (Throwable ex) {
			// Whatever failed, a port in use included (which Netty rethrows unchecked), the loops must stop.
			group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
			throw ex;
		}
	}

	/** @return the port it listens on */
	public int port() {
		return ((InetSocketAddress) this.listener.localAddress()).getPort();
	}

	@Override
	public void close() {
		this.listener.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/**
	 * Report a failure of a connection's handler. A connection that the other side closed or reset is
	 * not one: clients go away at the end of every run.
	 * @param cause what the handler threw
	 */
	static void failed(Throwable cause) {
		if (!(cause instanceof IOException)) {
			System.err.println("[floor] " + cause);
		}
	}

	/**
	 * Run a floor server until the process is stopped.
	 * @param args {@code --port=N} (default 8080)
	 * @throws InterruptedException if interrupted while running
	 */
	public static void main(String[] args) throws InterruptedException {
		int port = 8080;
		for (String arg : args) {
			if (arg.startsWith("--port=")) {
				port = Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
			}
			else {
				throw new IllegalArgumentException("Unknown argument '" + arg + "'; known: --port=N");
			}
		}
		FloorServer floor = start(port);
		Runtime.getRuntime().addShutdownHook(new Thread(floor::close, "floor-shutdown"));
		System.err.println("[floor] listening on http://127.0.0.1:" + floor.port() + "/cometd (" + floor.transport
				+ ", " + ((MultiThreadIoEventLoopGroup) floor.group).executorCount() + " event loops)");
		floor.listener.closeFuture().sync();
	}

}
