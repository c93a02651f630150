package io.github.cometdboot.benchmark.floor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;

/**
 * Writes an HTTP response: a JSON body, its length, and the connection kept open or closed as the
 * request asked.
 */
final class HttpReplies {

	private static final AsciiString JSON = AsciiString.cached("application/json;charset=UTF-8");

	private HttpReplies() {
	}

	/**
	 * Write a response; from any thread (Netty hands it to the connection's event loop).
	 * @param ctx the request's context
	 * @param keepAlive whether the request asked to keep the connection
	 * @param status the status
	 * @param body the body, which the response takes over
	 * @param cookie a {@code Set-Cookie} value, if any
	 */
	static void send(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, ByteBuf body,
			@Nullable String cookie) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
		HttpHeaders headers = response.headers();
		headers.set(HttpHeaderNames.CONTENT_TYPE, JSON);
		headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		if (cookie != null) {
			headers.set(HttpHeaderNames.SET_COOKIE, cookie);
		}
		HttpUtil.setKeepAlive(response, keepAlive);
		if (keepAlive) {
			ctx.writeAndFlush(response, ctx.voidPromise());
		}
		else {
			ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
		}
	}

}
