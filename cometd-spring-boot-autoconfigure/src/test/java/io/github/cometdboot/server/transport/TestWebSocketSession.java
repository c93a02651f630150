package io.github.cometdboot.server.transport;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.adapter.AbstractWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link org.springframework.web.reactive.socket.WebSocketSession} without a network: the test feeds
 * inbound text frames and reads the outbound ones as strings.
 * <p>
 * Inbound payloads are reference-counted buffers released as soon as the frame has been delivered to the
 * handler, as Reactor Netty does: a handler that reads a payload later fails as it would on a server.
 */
final class TestWebSocketSession extends AbstractWebSocketSession<Object> {

	private final Sinks.Many<WebSocketMessage> inbound = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.One<CloseStatus> closeStatus = Sinks.one();

	private final AtomicBoolean open = new AtomicBoolean(true);

	TestWebSocketSession() {
		this(new LinkedMultiValueMap<>());
	}

	TestWebSocketSession(MultiValueMap<String, HttpCookie> cookies) {
		this(cookies, Mono.empty());
	}

	TestWebSocketSession(MultiValueMap<String, HttpCookie> cookies, Mono<Principal> principal) {
		super(new Object(), "test", new HandshakeInfo(URI.create("ws://localhost/cometd"), new HttpHeaders(), cookies,
				principal, null, null, Map.of(), null), new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT));
	}

	/**
	 * Hand a text frame to the handler, which receives it as soon as it asks for one.
	 * @param text the frame's text
	 */
	void receive(String text) {
		DataBuffer payload = bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8));
		assertThat(this.inbound.tryEmitNext(new WebSocketMessage(WebSocketMessage.Type.TEXT, payload)).isSuccess())
			.isTrue();
	}

	/** The client closes the connection: the inbound frames complete. */
	void closeInbound() {
		assertThat(this.inbound.tryEmitComplete().isSuccess()).isTrue();
	}

	/** @return the frames the handler sent, as text, in order */
	Flux<String> sent() {
		return this.outbound.asFlux();
	}

	@Override
	public Flux<WebSocketMessage> receive() {
		return this.inbound.asFlux()
			.transform(Operators.<WebSocketMessage, WebSocketMessage>lift(
					(scannable, handler) -> new ReleasingSubscriber(handler)));
	}

	@Override
	public Mono<Void> send(Publisher<WebSocketMessage> messages) {
		return Flux.from(messages).doOnNext((message) -> {
			String text = message.getPayloadAsText(StandardCharsets.UTF_8);
			DataBufferUtils.release(message.getPayload());
			assertThat(this.outbound.tryEmitNext(text).isSuccess()).isTrue();
		}).doOnComplete(this.outbound::tryEmitComplete).doOnError(this.outbound::tryEmitError).then();
	}

	@Override
	public boolean isOpen() {
		return this.open.get();
	}

	@Override
	public Mono<Void> close(CloseStatus status) {
		this.open.set(false);
		this.closeStatus.tryEmitValue(status);
		return Mono.empty();
	}

	@Override
	public Mono<CloseStatus> closeStatus() {
		return this.closeStatus.asMono();
	}

	/**
	 * Releases each frame's payload once the handler returns from {@code onNext}.
	 */
	private static final class ReleasingSubscriber implements CoreSubscriber<WebSocketMessage> {

		private final CoreSubscriber<? super WebSocketMessage> handler;

		ReleasingSubscriber(CoreSubscriber<? super WebSocketMessage> handler) {
			this.handler = handler;
		}

		@Override
		public Context currentContext() {
			return this.handler.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.handler.onSubscribe(subscription);
		}

		@Override
		public void onNext(WebSocketMessage message) {
			try {
				this.handler.onNext(message);
			}
			finally {
				DataBufferUtils.release(message.getPayload());
			}
		}

		@Override
		public void onError(Throwable error) {
			this.handler.onError(error);
		}

		@Override
		public void onComplete() {
			this.handler.onComplete();
		}

	}

}
