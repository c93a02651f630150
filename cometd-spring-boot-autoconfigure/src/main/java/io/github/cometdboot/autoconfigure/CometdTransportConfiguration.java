package io.github.cometdboot.autoconfigure;

import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.transport.BayeuxRoutes;
import io.github.cometdboot.server.transport.BrowserCookie;
import io.github.cometdboot.server.transport.CallbackPollingTransport;
import io.github.cometdboot.server.transport.ConnectionLimit;
import io.github.cometdboot.server.transport.EventSourceTransport;
import io.github.cometdboot.server.transport.ForeverFrameTransport;
import io.github.cometdboot.server.transport.HttpTransportSupport;
import io.github.cometdboot.server.transport.LongPollingTransport;
import io.github.cometdboot.server.transport.MultipartTransport;
import io.github.cometdboot.server.transport.StreamingTransportSupport;
import io.github.cometdboot.server.transport.WebSocketTransport;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.reactive.config.CorsRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

/**
 * The transports, each switched by {@code cometd.<transport>.enabled}, and the router that serves
 * them at {@code cometd.path}. The handshake advertises exactly the transports that are routed.
 */
@Configuration(proxyBeanMethods = false)
@Import({ CometdTransportConfiguration.ReactorNettyWebSocketConfiguration.class,
		CometdTransportConfiguration.BayeuxCorsConfiguration.class })
class CometdTransportConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "cometd.websocket.enabled", matchIfMissing = true)
	WebSocketTransport cometdWebSocketTransport(BayeuxServer server, BrowserCookie browserCookie,
			CometdProperties properties, ConnectionLimit cometdConnectionLimit) {
		CometdProperties.WebSocket websocket = properties.getWebsocket();
		return new WebSocketTransport(server, browserCookie, CometdSettings.originCheck(websocket, properties.getCors()),
				cometdConnectionLimit, websocket.isRequireBrowserCookie());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "cometd.long-polling.enabled", matchIfMissing = true)
	LongPollingTransport cometdLongPollingTransport(HttpTransportSupport support) {
		return new LongPollingTransport(support);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "cometd.callback-polling.enabled", matchIfMissing = true)
	CallbackPollingTransport cometdCallbackPollingTransport(HttpTransportSupport support) {
		return new CallbackPollingTransport(support);
	}

	@Bean
	@ConditionalOnMissingBean
	StreamingTransportSupport cometdStreamingTransportSupport(HttpTransportSupport support) {
		return new StreamingTransportSupport(support);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "cometd.eventsource.enabled", matchIfMissing = true)
	EventSourceTransport cometdEventSourceTransport(StreamingTransportSupport support, CometdProperties properties) {
		CometdProperties.EventSource eventsource = properties.getEventsource();
		return new EventSourceTransport(support, CometdSettings.streaming(eventsource), eventsource.getRetry());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "cometd.forever-frame.enabled", matchIfMissing = true)
	ForeverFrameTransport cometdForeverFrameTransport(StreamingTransportSupport support, CometdProperties properties) {
		return new ForeverFrameTransport(support, CometdSettings.streaming(properties.getForeverFrame()),
				CometdSettings.cors(properties.getCors()));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "cometd.multipart.enabled", matchIfMissing = true)
	MultipartTransport cometdMultipartTransport(StreamingTransportSupport support, CometdProperties properties) {
		return new MultipartTransport(support, CometdSettings.streaming(properties.getMultipart()));
	}

	@Bean
	@ConditionalOnMissingBean(name = "cometdWebSocketService")
	WebSocketService cometdWebSocketService() {
		return new HandshakeWebSocketService();
	}

	/**
	 * The transports that exist, found once: their connection types are given to the hub here, before it
	 * starts and whether or not the router below is replaced, since the handshake must advertise what the
	 * application serves.
	 */
	@Bean
	BayeuxTransports cometdTransports(BayeuxServer server, ObjectProvider<WebSocketTransport> websocket,
			ObjectProvider<LongPollingTransport> longPolling, ObjectProvider<CallbackPollingTransport> callbackPolling,
			ObjectProvider<EventSourceTransport> eventSource, ObjectProvider<ForeverFrameTransport> foreverFrame,
			ObjectProvider<MultipartTransport> multipart, WebSocketService cometdWebSocketService) {
		BayeuxTransports transports = new BayeuxTransports()
			.add(websocket, WebSocketTransport.NAME, (routes, transport) -> routes.websocket(transport, cometdWebSocketService))
			.add(longPolling, LongPollingTransport.NAME, BayeuxRoutes::longPolling)
			.add(callbackPolling, CallbackPollingTransport.NAME, BayeuxRoutes::callbackPolling)
			.add(eventSource, EventSourceTransport.NAME, BayeuxRoutes::eventSource)
			.add(foreverFrame, ForeverFrameTransport.NAME, BayeuxRoutes::foreverFrame)
			.add(multipart, MultipartTransport.NAME, BayeuxRoutes::multipart)
			.requireAny();
		transports.connectionTypes().forEach(server::addConnectionType);
		return transports;
	}

	@Bean
	@ConditionalOnMissingBean(name = "cometdRouterFunction")
	RouterFunction<ServerResponse> cometdRouterFunction(BayeuxTransports transports, CometdProperties properties) {
		return transports.router(properties.getPath());
	}

	/**
	 * On Reactor Netty, websocket frames are limited to {@code cometd.max-message-size}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebsocketServerSpec.class)
	static class ReactorNettyWebSocketConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "cometdWebSocketService")
		WebSocketService cometdWebSocketService(CometdProperties properties) {
			WebsocketServerSpec.Builder spec = WebsocketServerSpec.builder()
				.maxFramePayloadLength(Math.toIntExact(properties.getMaxMessageSize().toBytes()));
			return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(spec));
		}

	}

	/**
	 * CORS for the Bayeux path and its sub-paths only, when {@code cometd.cors} allows origins. Applied
	 * by WebFlux's handler mappings, so a preflight request is answered without reaching a transport.
	 */
	@Configuration(proxyBeanMethods = false)
	static class BayeuxCorsConfiguration implements WebFluxConfigurer {

		private final CometdProperties properties;

		BayeuxCorsConfiguration(CometdProperties properties) {
			this.properties = properties;
		}

		@Override
		public void addCorsMappings(CorsRegistry registry) {
			CorsConfiguration configuration = CometdSettings.cors(this.properties.getCors());
			if (configuration == null) {
				return;
			}
			String path = this.properties.getPath();
			String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
			registry.addMapping(base).combine(configuration);
			registry.addMapping(base + "/**").combine(configuration);
		}

	}

}
