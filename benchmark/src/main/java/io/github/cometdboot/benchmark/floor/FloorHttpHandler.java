package io.github.cometdboot.benchmark.floor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side of one connection: a websocket upgrade on {@code GET /cometd}, or a long-polling
 * request, a {@code POST} of a JSON array to {@code /cometd} or below, answered with a JSON array.
 */
final class FloorHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

	/** The Bayeux path, as the load generator's URL has it. */
	static final String PATH = "/cometd";

	/** The largest websocket frame or message accepted. */
	static final int MAX_CONTENT = 1024 * 1024;

	private final Bayeux bayeux;

	/**
	 * @param bayeux the server's Bayeux
	 */
	FloorHttpHandler(Bayeux bayeux) {
		this.bayeux = bayeux;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = (query >= 0) ? uri.substring(0, query) : uri;
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
			status(ctx, keepAlive, HttpResponseStatus.NOT_FOUND);
		}
		else if (request.method().equals(HttpMethod.GET) && path.equals(PATH)
				&& request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
			upgrade(ctx, request);
		}
		else if (!request.method().equals(HttpMethod.POST)) {
			status(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED);
		}
		else {
			List<JsonNode> messages;
			try {
				messages = this.bayeux.parse(request.content());
			}
			catch (IllegalArgumentException ex) {
				status(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST);
				return;
			}
			poll(ctx, keepAlive, messages);
		}
	}

	private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
		String url = "ws://" + request.headers().get(HttpHeaderNames.HOST, "127.0.0.1") + PATH;
		WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, false, MAX_CONTENT)
			.newHandshaker(request);
		if (handshaker == null) {
			WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
			return;
		}
		// The handshake then swaps the HTTP codec for the websocket one, and drops the HTTP aggregator.
		ctx.pipeline().addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(MAX_CONTENT));
		ctx.pipeline().replace(this, "bayeux-websocket", new FloorWebSocketHandler(this.bayeux, handshaker));
		handshaker.handshake(ctx.channel(), request);
	}

	/** A long-polling request: replies to all but a connect now; a connect is held or answered. */
	private void poll(ChannelHandlerContext ctx, boolean keepAlive, List<JsonNode> messages) {
		// A long-polling session's home is the event loop of the connection it handshakes on.
		Function<String, Session> newSession = (id) -> new LongPollingSession(id, ctx.channel().eventLoop(),
				this.bayeux.encoding(), this.bayeux.replies());
		List<ObjectNode> replies = new ArrayList<>(messages.size());
		JsonNode connect = null;
		boolean handshake = false;
		for (JsonNode message : messages) {
			String channel = Bayeux.channelOf(message);
			if (channel.equals("/meta/connect")) {
				connect = message;
				continue;
			}
			handshake |= channel.equals("/meta/handshake");
			replies.add(this.bayeux.handle(message, newSession, ctx.alloc()));
		}
		Session session = (connect != null) ? this.bayeux.session(connect) : null;
		if (connect == null || !(session instanceof LongPollingSession polling)) {
			if (connect != null) {
				replies.add(this.bayeux.replies().unknownClient("/meta/connect", connect.get("id")));
			}
			HttpReplies.send(ctx, keepAlive, HttpResponseStatus.OK,
					this.bayeux.encoding().json(ctx.alloc(), this.bayeux.replies().batch(replies)),
					handshake ? browserCookie() : null);
			return;
		}
		// Replies to the request's other messages go out with the connect's, at once.
		for (ObjectNode reply : replies) {
			polling.enqueue(this.bayeux.encoding().json(ctx.alloc(), reply));
		}
		boolean immediate = !replies.isEmpty() || Bayeux.asksImmediateReply(connect);
		polling.connect(new LongPollingSession.HeldConnect(ctx, keepAlive, connect.get("id"),
				System.nanoTime() + Session.CONNECT_TIMEOUT_NANOS), immediate);
	}

	/**
	 * CometD's browser cookie, set with a handshake reply: the load client keeps it and sends it back
	 * with every request, as a browser does, so that the requests are as long as they are to CometD.
	 */
	private static String browserCookie() {
		return "BAYEUX_BROWSER=" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
				+ "; Path=/; HttpOnly";
	}

	private static void status(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status) {
		HttpReplies.send(ctx, keepAlive, status, Unpooled.EMPTY_BUFFER, null);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		FloorServer.failed(cause);
		ctx.close();
	}

}
