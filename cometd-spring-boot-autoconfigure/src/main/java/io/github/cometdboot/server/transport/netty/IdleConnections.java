package io.github.cometdboot.server.transport.netty;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that keeps the server waiting without asking anything of it.
 * <ul>
 * <li>An HTTP connection with no request in progress must send the whole head of its next request
 * within the request wait, counted from when it opened or its last response ended. This closes idle
 * keep-alive sockets and sockets that send nothing, and also a client that sends its request head a
 * byte at a time (slowloris), which an idle timeout that restarts at every byte read would keep open.
 * A request in progress, a held long poll or an open stream included, is never cut.</li>
 * <li>A websocket must send a frame within the websocket wait. Its clients hold a {@code /meta/connect}
 * on the server for up to the long-poll timeout and send nothing meanwhile, so that wait is the
 * long-poll timeout and the request wait together.</li>
 * </ul>
 * Sits right behind the HTTP codec, where it sees whole request heads and responses. One instance per
 * connection; everything runs on the connection's event loop.
 */
public final class IdleConnections extends ChannelDuplexHandler {

	/** The name of this handler in the pipeline. */
	public static final String NAME = "cometd.idleConnections";

	private static final Logger logger = LoggerFactory.getLogger(IdleConnections.class);

	private final long requestWaitNanos;

	private final long webSocketWaitNanos;

	/** Requests read whose response has not ended yet. */
	private int inProgress;

	/** Whether the response being written is an interim one (1xx), whose end ends no request. */
	private boolean interimResponse;

	private boolean webSocket;

	private long lastFrameNanos;

	private @Nullable ScheduledFuture<?> deadline;

	/**
	 * Create the handler of one connection.
	 * @param requestWait how long an HTTP connection may wait for the head of its next request
	 * @param webSocketWait how long a websocket may go without sending a frame
	 */
	public IdleConnections(Duration requestWait, Duration webSocketWait) {
		this.requestWaitNanos = requestWait.toNanos();
		this.webSocketWaitNanos = webSocketWait.toNanos();
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		if (ctx.channel().isActive()) {
			awaitRequest(ctx);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		if (this.deadline == null) {
			awaitRequest(ctx);
		}
		super.channelActive(ctx);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (this.webSocket) {
			this.lastFrameNanos = ctx.executor().ticker().nanoTime();
		}
		else if (msg instanceof HttpRequest) {
			this.inProgress++;
			cancel();
		}
		super.channelRead(ctx, msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (!this.webSocket && msg instanceof HttpResponse response) {
			if (HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
				upgraded(ctx);
			}
			else {
				this.interimResponse = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
			}
		}
		if (!this.webSocket && !this.interimResponse && msg instanceof LastHttpContent) {
			promise = promise.unvoid();
			promise.addListener((future) -> responseEnded(ctx));
		}
		super.write(ctx, msg, promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		cancel();
		super.channelInactive(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancel();
	}

	private void responseEnded(ChannelHandlerContext ctx) {
		if (this.inProgress > 0) {
			this.inProgress--;
		}
		if (this.inProgress == 0 && !this.webSocket && ctx.channel().isActive()) {
			awaitRequest(ctx);
		}
	}

	private void awaitRequest(ChannelHandlerContext ctx) {
		cancel();
		this.deadline = ctx.executor().schedule(() -> {
			if (this.inProgress == 0 && !this.webSocket) {
				logClosing(ctx, "sent no request");
				ctx.close();
			}
		}, this.requestWaitNanos, TimeUnit.NANOSECONDS);
	}

	private void upgraded(ChannelHandlerContext ctx) {
		cancel();
		this.webSocket = true;
		this.lastFrameNanos = ctx.executor().ticker().nanoTime();
		awaitFrame(ctx, this.webSocketWaitNanos);
	}

	/** One timer per wait, not one per frame: when it fires early it is set again for what is left. */
	private void awaitFrame(ChannelHandlerContext ctx, long delayNanos) {
		this.deadline = ctx.executor().schedule(() -> {
			long idle = ctx.executor().ticker().nanoTime() - this.lastFrameNanos;
			if (idle >= this.webSocketWaitNanos) {
				// 1001, going away: the client may open a new socket at once, as after a server restart.
				logClosing(ctx, "sent no websocket frame");
				ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE))
					.addListener(ChannelFutureListener.CLOSE);
			}
			else if (ctx.channel().isActive()) {
				awaitFrame(ctx, this.webSocketWaitNanos - idle);
			}
		}, delayNanos, TimeUnit.NANOSECONDS);
	}

	private static void logClosing(ChannelHandlerContext ctx, String what) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closing connection from {}: it {} in time", ctx.channel().remoteAddress(), what);
		}
	}

	private void cancel() {
		if (this.deadline != null) {
			this.deadline.cancel(false);
			this.deadline = null;
		}
	}

}
