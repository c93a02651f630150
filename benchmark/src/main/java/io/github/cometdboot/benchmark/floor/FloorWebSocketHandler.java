package io.github.cometdboot.benchmark.floor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The websocket side of one connection: each text frame is a JSON array of messages, answered with
 * one frame of their replies; the session handshaken on it lives as long as the connection.
 */
final class FloorWebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

	private final Bayeux bayeux;

	private final WebSocketServerHandshaker handshaker;

	private @Nullable WebSocketSession session;

	/**
	 * @param bayeux the server's Bayeux
	 * @param handshaker the handshaker of the upgrade, to answer a close frame
	 */
	FloorWebSocketHandler(Bayeux bayeux, WebSocketServerHandshaker handshaker) {
		this.bayeux = bayeux;
		this.handshaker = handshaker;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
		if (frame instanceof TextWebSocketFrame) {
			onText(ctx, frame);
		}
		else if (frame instanceof CloseWebSocketFrame) {
			this.handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
		}
		else if (frame instanceof PingWebSocketFrame) {
			ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
		}
	}

	private void onText(ChannelHandlerContext ctx, WebSocketFrame frame) {
		List<JsonNode> messages;
		try {
			messages = this.bayeux.parse(frame.content());
		}
		catch (IllegalArgumentException ex) {
			ctx.close();
			return;
		}
		Function<String, Session> newSession = (id) -> newSession(ctx, id);
		List<ObjectNode> replies = new ArrayList<>(messages.size());
		for (JsonNode message : messages) {
			if (Bayeux.channelOf(message).equals("/meta/connect")) {
				ObjectNode reply = connect(ctx, message);
				if (reply != null) {
					replies.add(reply);
				}
			}
			else {
				replies.add(this.bayeux.handle(message, newSession, ctx.alloc()));
			}
		}
		if (!replies.isEmpty()) {
			ctx.writeAndFlush(this.bayeux.encoding().textFrame(ctx.alloc(), this.bayeux.replies().batch(replies)),
					ctx.voidPromise());
		}
	}

	private Session newSession(ChannelHandlerContext ctx, String id) {
		WebSocketSession previous = this.session;
		if (previous != null) {
			// One session per connection: a second handshake replaces the first.
			this.bayeux.remove(previous);
		}
		WebSocketSession created = new WebSocketSession(id, ctx.channel(), this.bayeux.encoding(),
				this.bayeux.replies());
		this.session = created;
		return created;
	}

	/** @return the reply to send now, or {@code null} when the connect is held */
	private @Nullable ObjectNode connect(ChannelHandlerContext ctx, JsonNode message) {
		JsonNode id = message.get("id");
		Session found = this.bayeux.session(message);
		if (!(found instanceof WebSocketSession own) || own.channel() != ctx.channel()) {
			return this.bayeux.replies().unknownClient("/meta/connect", id);
		}
		return own.connect(id, Bayeux.asksImmediateReply(message));
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		WebSocketSession current = this.session;
		if (current != null) {
			this.bayeux.remove(current);
		}
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		FloorServer.failed(cause);
		ctx.close();
	}

}
