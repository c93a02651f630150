package io.github.cometdboot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link WebSocketHangups} first in the pipeline of every connection of the Reactor Netty web
 * server, so that a websocket client hanging up mid-message is not logged as a server error.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(NettyReactiveWebServerFactory.class)
class CometdNettyHangupConfiguration {

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> cometdWebSocketHangups() {
		return (factory) -> factory.addServerCustomizers((server) -> server.doOnChannelInit(
				(observer, channel, remoteAddress) -> channel.pipeline().addFirst(WebSocketHangups.NAME, WebSocketHangups.INSTANCE)));
	}

}
