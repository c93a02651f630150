package io.github.cometdboot.server.transport.netty;

import io.github.cometdboot.support.ClientFailureLog;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;

/**
 * Keeps a websocket client that hangs up in the middle of a fragmented message from being logged as a
 * server error.
 * <p>
 * Why: Reactor Netty's frame aggregator raises {@link PrematureChannelClosureException} when the
 * connection closes mid-message, after the websocket handler has ended, so nothing in WebFlux can catch
 * it and Reactor Netty logs it at ERROR with its stack trace. Sitting first in the pipeline, this
 * handler sees the connection close before the aggregator does, and puts a catcher right behind the
 * aggregator that turns that exception into one DEBUG line. The same catcher, put there from the first
 * frame on by {@link WebSocketFrameJoining}, turns a frame the decoder refuses (too large, broken) into
 * one DEBUG line too: the decoder has closed the socket with the right status already.
 */
@ChannelHandler.Sharable
public final class WebSocketHangups extends ChannelInboundHandlerAdapter {

	/** The name of this handler in the pipeline. */
	public static final String NAME = "cometd.webSocketHangups";

	public static final WebSocketHangups INSTANCE = new WebSocketHangups();

	private static final String CATCHER = "cometd.webSocketHangupCatcher";

	private static final ClientFailureLog hangups = new ClientFailureLog(LoggerFactory.getLogger(WebSocketHangups.class));

	private WebSocketHangups() {
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		installCatcher(ctx.pipeline());
		super.channelInactive(ctx);
	}

	/**
	 * Put the catcher of client failures right behind the frame aggregator, if there is one and the
	 * catcher is not there yet.
	 * @param pipeline the connection's pipeline
	 */
	static void installCatcher(ChannelPipeline pipeline) {
		if (pipeline.get(NettyPipeline.WsFrameAggregator) != null && pipeline.get(CATCHER) == null) {
			pipeline.addAfter(NettyPipeline.WsFrameAggregator, CATCHER, new Catcher());
		}
	}

	private static final class Catcher extends ChannelInboundHandlerAdapter {

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
			if (cause instanceof PrematureChannelClosureException) {
				hangups.debug(cause, "websocket {}: the client closed the connection in the middle of a message",
						ctx.channel().remoteAddress());
				return;
			}
			if (cause instanceof CorruptedWebSocketFrameException) {
				// The frame decoder has already closed the socket with the status the frame deserved (1009
				// for a frame over the maximum size, 1002 for a broken one); Reactor Netty would log it at
				// ERROR with its stack trace, one per hostile frame.
				hangups.debug(cause, "websocket {}: the client sent a frame refused by the decoder",
						ctx.channel().remoteAddress());
				return;
			}
			super.exceptionCaught(ctx, cause);
		}

	}

}
