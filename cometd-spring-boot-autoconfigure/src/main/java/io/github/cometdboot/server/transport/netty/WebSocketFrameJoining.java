package io.github.cometdboot.server.transport.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import reactor.netty.NettyPipeline;

/**
 * Joins the fragments of a websocket message from the connection's first frame on.
 * <p>
 * Why: Reactor Netty adds its frame aggregator only when the application takes the inbound (WebFlux's
 * {@code WebSocketSession.receive()}), after the upgrade has completed. Frames a client sends as soon as
 * it has the {@code 101} can be decoded before that and reach WebFlux unjoined: the first fragment was
 * refused as invalid JSON, and a continuation frame failed the connection, closed without a status
 * (found by {@code WireFuzzPropertyTests}). Sitting first in the pipeline, this handler sees each read
 * before it is decoded; once the websocket decoder is in place it puts the aggregator right behind it,
 * under Reactor Netty's own name so that Reactor Netty adds no second one, and leaves the pipeline.
 */
@ChannelHandler.Sharable
public final class WebSocketFrameJoining extends ChannelInboundHandlerAdapter {

	/** The name of this handler in the pipeline. */
	public static final String NAME = "cometd.webSocketFrameJoining";

	private final int maxMessageSize;

	/**
	 * @param maxMessageSize the largest message, as {@code cometd.max-message-size}: a larger one fails
	 * the inbound with Netty's {@code TooLongFrameException}, which closes the socket with 1009
	 */
	public WebSocketFrameJoining(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		ChannelPipeline pipeline = ctx.pipeline();
		ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
		if (decoder != null) {
			if (pipeline.get(NettyPipeline.WsFrameAggregator) == null) {
				pipeline.addAfter(decoder.name(), NettyPipeline.WsFrameAggregator,
						new WebSocketFrameAggregator(this.maxMessageSize));
			}
			// From the first frame on, so that a frame the decoder refuses is one DEBUG line, not an ERROR.
			WebSocketHangups.installCatcher(pipeline);
			pipeline.remove(this);
		}
		super.channelRead(ctx, msg);
	}

}
