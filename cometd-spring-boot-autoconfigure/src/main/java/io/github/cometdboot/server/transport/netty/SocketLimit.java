package io.github.cometdboot.server.transport.netty;

import io.github.cometdboot.server.transport.ConnectionLimit;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Counts one socket of the web server in the {@link ConnectionLimit} for as long as it is open, or
 * closes it as soon as it is accepted when the server already has as many sockets as the limit allows.
 * Every socket counts, whether or not it ever sends a request: a flood of idle sockets is bounded like
 * a flood of requests. One instance per socket.
 */
public final class SocketLimit extends ChannelInboundHandlerAdapter {

	/** The name of this handler in the pipeline. */
	public static final String NAME = "cometd.socketLimit";

	private final ConnectionLimit limit;

	private boolean counted;

	/**
	 * Create the handler of one socket.
	 * @param limit the limit the socket counts against
	 */
	public SocketLimit(ConnectionLimit limit) {
		this.limit = limit;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		if (!this.limit.tryOpenSocket()) {
			// Closed before a byte is read: nothing is spent on it, not even a TLS handshake.
			ctx.close();
			return;
		}
		this.counted = true;
		super.channelActive(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.counted) {
			this.counted = false;
			this.limit.closeSocket();
		}
		super.channelInactive(ctx);
	}

}
