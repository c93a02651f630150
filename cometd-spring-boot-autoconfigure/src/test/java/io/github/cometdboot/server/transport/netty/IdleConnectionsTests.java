package io.github.cometdboot.server.transport.netty;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdleConnections} on an embedded channel with its clock frozen: when a connection
 * is waited for and when it is not, request by request and frame by frame.
 */
class IdleConnectionsTests {

	private final EmbeddedChannel channel = new EmbeddedChannel();

	@BeforeEach
	void addHandlerWithTheClockFrozen() {
		this.channel.freezeTime();
		this.channel.pipeline().addLast(new IdleConnections(Duration.ofSeconds(1), Duration.ofSeconds(3)));
	}

	@Test
	void connectionThatSendsNoRequestIsClosedWhenTheRequestWaitEnds() {
		elapse(999);
		assertThat(this.channel.isOpen()).isTrue();
		elapse(1);
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void requestInProgressIsNeverCutAndTheWaitStartsAgainWhenItsResponseEnds() {
		elapse(500);
		this.channel.writeInbound(request());
		elapse(60_000);
		assertThat(this.channel.isOpen()).as("a held long poll").isTrue();
		this.channel.writeOutbound(response(HttpResponseStatus.OK));
		elapse(999);
		assertThat(this.channel.isOpen()).isTrue();
		elapse(1);
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void interimResponseDoesNotEndTheRequest() {
		this.channel.writeInbound(request());
		this.channel.writeOutbound(response(HttpResponseStatus.CONTINUE));
		elapse(5_000);
		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void pipelinedRequestsAreWaitedForUntilTheLastResponseEnds() {
		this.channel.writeInbound(request());
		this.channel.writeInbound(request());
		this.channel.writeOutbound(response(HttpResponseStatus.OK));
		elapse(5_000);
		assertThat(this.channel.isOpen()).isTrue();
		this.channel.writeOutbound(response(HttpResponseStatus.OK));
		elapse(1_000);
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void webSocketIsClosedWith1001WhenItSendsNoFrameWithinItsWait() {
		this.channel.writeInbound(request());
		this.channel.writeOutbound(response(HttpResponseStatus.SWITCHING_PROTOCOLS));
		elapse(2_000);
		this.channel.writeInbound(new TextWebSocketFrame("[]"));
		elapse(2_999);
		assertThat(this.channel.isOpen()).as("3 s after its last frame, not after the upgrade").isTrue();
		elapse(1);
		assertThat(this.channel.isOpen()).isFalse();
		Object close = this.channel.outboundMessages().stream()
			.filter(CloseWebSocketFrame.class::isInstance)
			.findFirst()
			.orElseThrow();
		assertThat(((CloseWebSocketFrame) close).statusCode()).isEqualTo(1001);
	}

	private void elapse(long millis) {
		this.channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
		this.channel.runScheduledPendingTasks();
	}

	private static DefaultHttpRequest request() {
		return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/cometd");
	}

	private static DefaultFullHttpResponse response(HttpResponseStatus status) {
		return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
	}

}
