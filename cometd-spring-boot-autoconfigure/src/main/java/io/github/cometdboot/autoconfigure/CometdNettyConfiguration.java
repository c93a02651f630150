package io.github.cometdboot.autoconfigure;

import java.time.Duration;

import io.github.cometdboot.server.transport.ConnectionLimit;
import io.github.cometdboot.server.transport.netty.IdleConnections;
import io.github.cometdboot.server.transport.netty.SocketLimit;
import io.github.cometdboot.server.transport.netty.WebSocketFrameJoining;
import io.github.cometdboot.server.transport.netty.WebSocketHangups;
import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * How the starter sets up the Reactor Netty web server: on Java NIO event loops, and with its handlers
 * in every connection's pipeline: {@link SocketLimit} counts every socket against
 * {@code cometd.limits.max-connections}, {@link IdleConnections} closes connections that keep the
 * server waiting ({@code cometd.limits.idle-timeout}), {@link WebSocketHangups} keeps a websocket
 * client that hangs up mid-message from being logged as a server error, and
 * {@link WebSocketFrameJoining} joins the fragments of messages a client sends as soon as its socket
 * opens.
 * <p>
 * NIO rather than the native epoll transport, unless {@code cometd.netty.native-transport=true}. Why:
 * under a long-polling load that saturates the machine, the official CometD Java client found some
 * keep-alive connections with their next request left unread in the socket for more than ten seconds
 * (with epoll, edge- or level-triggered; Reactor Netty had answered every earlier request on them), so
 * sessions whose clients were still polling were pruned and their queued messages lost. The same runs
 * on NIO event loops lost no message and no session. {@code benchmark/README.md} ("Heavy long-polling")
 * has the figures and the command. The event loops stay those of Boot's {@link ReactorResourceFactory}
 * (or Reactor Netty's global ones); only the server's channels use NIO, clients keep their transport.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(NettyReactiveWebServerFactory.class)
class CometdNettyConfiguration {

	@Bean
	@ConditionalOnProperty(name = "cometd.netty.native-transport", havingValue = "false", matchIfMissing = true)
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> cometdNioServerLoops(
			ObjectProvider<ReactorResourceFactory> resourceFactory) {
		return (factory) -> {
			// The web server would otherwise put itself back on the resource factory's preferred (native)
			// loops when it starts, after every server customizer has run.
			factory.setResourceFactory(null);
			factory.addServerCustomizers((server) -> server.runOn(loopResources(resourceFactory), false));
		};
	}

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> cometdConnectionHandlers(ConnectionLimit connections,
			CometdProperties properties) {
		Duration requestWait = properties.getLimits().getIdleTimeout();
		if (requestWait.isNegative()) {
			throw new IllegalArgumentException(
					"cometd.limits.idle-timeout must not be negative (0 turns it off), but was " + requestWait);
		}
		Duration webSocketWait = requestWait.plus(properties.getTimeout());
		WebSocketFrameJoining joining = new WebSocketFrameJoining(Math.toIntExact(properties.getMaxMessageSize().toBytes()));
		return (factory) -> factory.addServerCustomizers((server) -> server.doOnChannelInit((observer, channel,
				remoteAddress) -> {
			ChannelPipeline pipeline = channel.pipeline();
			pipeline.addFirst(WebSocketFrameJoining.NAME, joining);
			pipeline.addFirst(WebSocketHangups.NAME, WebSocketHangups.INSTANCE);
			pipeline.addFirst(SocketLimit.NAME, new SocketLimit(connections));
			// Behind the HTTP/1.1 codec, where whole request heads are seen; an HTTP/2 connection has none
			// at this point and is left to HTTP/2's own flow control.
			if (!requestWait.isZero() && pipeline.get(NettyPipeline.HttpCodec) != null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, IdleConnections.NAME,
						new IdleConnections(requestWait, webSocketWait));
			}
		}));
	}

	private static LoopResources loopResources(ObjectProvider<ReactorResourceFactory> resourceFactory) {
		ReactorResourceFactory factory = resourceFactory.getIfAvailable();
		return (factory != null) ? factory.getLoopResources() : HttpResources.get();
	}

}
