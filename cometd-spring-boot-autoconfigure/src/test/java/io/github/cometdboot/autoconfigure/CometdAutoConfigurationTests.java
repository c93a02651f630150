package io.github.cometdboot.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.BayeuxEngine;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.InMemoryEngine;
import io.github.cometdboot.server.session.OverflowPolicy;
import io.github.cometdboot.server.ServerSettings;
import io.github.cometdboot.server.SessionLimits;
import io.github.cometdboot.server.transport.BrowserCookie;
import io.github.cometdboot.server.transport.CallbackPollingTransport;
import io.github.cometdboot.server.transport.ConnectionLimit;
import io.github.cometdboot.server.transport.EventSourceTransport;
import io.github.cometdboot.server.transport.ForeverFrameTransport;
import io.github.cometdboot.server.transport.HttpTransportSupport;
import io.github.cometdboot.server.transport.LongPollingTransport;
import io.github.cometdboot.server.transport.MultipartTransport;
import io.github.cometdboot.server.transport.StreamingSettings;
import io.github.cometdboot.server.transport.StreamingTransportSupport;
import io.github.cometdboot.server.transport.WebSocketTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CometdAutoConfiguration}.
 */
class CometdAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CometdAutoConfiguration.class));

	@Test
	void defaultBeansAreCreated() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(BayeuxServer.class)
				.hasSingleBean(MessageCodec.class)
				.hasSingleBean(SecurityPolicy.class)
				.hasSingleBean(BayeuxEngine.class)
				.hasSingleBean(BrowserCookie.class)
				.hasSingleBean(HttpTransportSupport.class)
				.hasSingleBean(WebSocketTransport.class)
				.hasSingleBean(LongPollingTransport.class)
				.hasSingleBean(CallbackPollingTransport.class)
				.hasSingleBean(StreamingTransportSupport.class)
				.hasSingleBean(EventSourceTransport.class)
				.hasSingleBean(ForeverFrameTransport.class)
				.hasSingleBean(MultipartTransport.class)
				.hasSingleBean(WebSocketService.class)
				.hasBean("cometdRouterFunction");
			assertThat(context.getBean("cometdRouterFunction")).isInstanceOf(RouterFunction.class);
			// The default policy applies cometd.security.* rules; with none configured it allows everything.
			assertThat(context.getBean(SecurityPolicy.class))
				.isInstanceOf(io.github.cometdboot.security.ChannelRulesSecurityPolicy.class);
			assertThat(context.getBean(BayeuxEngine.class)).isInstanceOf(InMemoryEngine.class);
			BayeuxServer server = context.getBean(BayeuxServer.class);
			assertThat(server.isRunning()).isTrue();
			assertThat(server.connectionTypes()).containsExactly("websocket", "long-polling", "callback-polling",
					"eventsource", "forever-frame", "multipart");
			assertThat(server.settings()).isEqualTo(ServerSettings.defaults());
			assertThat(context.getBean(BrowserCookie.class)).isEqualTo(BrowserCookie.defaults());
		});
	}

	@Test
	void serverIsStoppedWithTheContext() {
		BayeuxServer[] server = new BayeuxServer[1];
		this.contextRunner.run((context) -> server[0] = context.getBean(BayeuxServer.class));
		assertThat(server[0].isRunning()).isFalse();
	}

	@Test
	void codecUsesTheApplicationJsonMapper() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(MessageCodec.class).mapper())
				.isSameAs(context.getBean(JsonMapper.class)));
	}

	@ParameterizedTest
	@CsvSource({ "websocket, websocket", "long-polling, long-polling", "callback-polling, callback-polling",
			"eventsource, eventsource", "forever-frame, forever-frame", "multipart, multipart" })
	void disabledTransportIsNeitherCreatedNorAdvertised(String property, String connectionType) {
		this.contextRunner.withPropertyValues("cometd." + property + ".enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			List<String> advertised = context.getBean(BayeuxServer.class).connectionTypes();
			assertThat(advertised).doesNotContain(connectionType).hasSize(5);
			assertThat(context.getBeansOfType(EventSourceTransport.class))
				.hasSize(advertised.contains("eventsource") ? 1 : 0);
			assertThat(context.getBeansOfType(ForeverFrameTransport.class))
				.hasSize(advertised.contains("forever-frame") ? 1 : 0);
			assertThat(context.getBeansOfType(MultipartTransport.class)).hasSize(advertised.contains("multipart") ? 1 : 0);
			assertThat(context.getBeansOfType(WebSocketTransport.class)).hasSize(advertised.contains("websocket") ? 1 : 0);
			assertThat(context.getBeansOfType(LongPollingTransport.class))
				.hasSize(advertised.contains("long-polling") ? 1 : 0);
			assertThat(context.getBeansOfType(CallbackPollingTransport.class))
				.hasSize(advertised.contains("callback-polling") ? 1 : 0);
		});
	}

	@Test
	void onlyWebSocketEnabled() {
		this.contextRunner
			.withPropertyValues("cometd.long-polling.enabled=false", "cometd.callback-polling.enabled=false",
					"cometd.eventsource.enabled=false", "cometd.forever-frame.enabled=false",
					"cometd.multipart.enabled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(WebSocketTransport.class)
					.doesNotHaveBean(LongPollingTransport.class)
					.doesNotHaveBean(CallbackPollingTransport.class)
					.doesNotHaveBean(EventSourceTransport.class)
					.doesNotHaveBean(ForeverFrameTransport.class)
					.doesNotHaveBean(MultipartTransport.class)
					.hasBean("cometdRouterFunction");
				assertThat(context.getBean(BayeuxServer.class).connectionTypes()).containsExactly("websocket");
			});
	}

	@Test
	void onlyStreamingTransportsEnabled() {
		this.contextRunner
			.withPropertyValues("cometd.websocket.enabled=false", "cometd.long-polling.enabled=false",
					"cometd.callback-polling.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(LongPollingTransport.class).hasBean("cometdRouterFunction");
				assertThat(context.getBean(BayeuxServer.class).connectionTypes()).containsExactly("eventsource",
						"forever-frame", "multipart");
			});
	}

	@Test
	void allTransportsDisabledFailsWithClearMessage() {
		this.contextRunner
			.withPropertyValues("cometd.websocket.enabled=false", "cometd.long-polling.enabled=false",
					"cometd.callback-polling.enabled=false", "cometd.eventsource.enabled=false",
					"cometd.forever-frame.enabled=false", "cometd.multipart.enabled=false")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("No Bayeux transport is enabled")
				.hasMessageContaining("cometd.websocket")
				.hasMessageContaining("cometd.long-polling")
				.hasMessageContaining("cometd.callback-polling")
				.hasMessageContaining("cometd.eventsource")
				.hasMessageContaining("cometd.forever-frame")
				.hasMessageContaining("cometd.multipart"));
	}

	@Test
	void backsOffFromUserSecurityPolicy() {
		this.contextRunner.withUserConfiguration(UserSecurityPolicyConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SecurityPolicy.class).hasSingleBean(BayeuxServer.class);
			assertThat(context.getBean(SecurityPolicy.class))
				.isSameAs(context.getBean(UserSecurityPolicyConfiguration.class).policy);
		});
	}

	@Test
	void backsOffFromUserEngine() {
		this.contextRunner.withUserConfiguration(UserEngineConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BayeuxEngine.class);
			BayeuxEngine engine = context.getBean(BayeuxEngine.class);
			assertThat(engine).isSameAs(context.getBean(UserEngineConfiguration.class).engine);
			assertThat(context.getBean(BayeuxServer.class).engine()).isSameAs(engine);
		});
	}

	@Test
	void backsOffFromUserCodec() {
		this.contextRunner.withUserConfiguration(UserCodecConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MessageCodec.class);
			MessageCodec codec = context.getBean(MessageCodec.class);
			assertThat(codec).isSameAs(context.getBean(UserCodecConfiguration.class).codec);
			assertThat(context.getBean(BayeuxServer.class).codec()).isSameAs(codec);
		});
	}

	@Test
	void backsOffFromUserServer() {
		this.contextRunner.withUserConfiguration(UserServerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BayeuxServer.class);
			BayeuxServer server = context.getBean(BayeuxServer.class);
			assertThat(server.settings().maxQueue()).isEqualTo(7);
			assertThat(server.connectionTypes()).containsExactly("websocket", "long-polling", "callback-polling",
					"eventsource", "forever-frame", "multipart");
			assertThat(context.getBean(WebSocketTransport.class)).isNotNull();
		});
	}

	@Test
	void backsOffFromUserTransport() {
		this.contextRunner.withUserConfiguration(UserTransportConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LongPollingTransport.class);
			assertThat(context.getBeanNamesForType(LongPollingTransport.class))
				.containsExactly("userLongPollingTransport");
			assertThat(context.getBean(BayeuxServer.class).connectionTypes()).contains("long-polling");
		});
	}

	@Test
	void backsOffFromUserStreamingTransport() {
		this.contextRunner.withUserConfiguration(UserStreamingTransportConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(MultipartTransport.class).hasSingleBean(StreamingTransportSupport.class);
			assertThat(context.getBeanNamesForType(MultipartTransport.class)).containsExactly("userMultipartTransport");
			assertThat(context.getBean(BayeuxServer.class).connectionTypes()).contains("multipart");
		});
	}

	@Test
	void streamingPropertiesAreBound() {
		this.contextRunner
			.withPropertyValues("cometd.eventsource.max-duration=2m", "cometd.eventsource.heartbeat=5s",
					"cometd.eventsource.retry=3s", "cometd.forever-frame.max-duration=90s",
					"cometd.forever-frame.heartbeat=7s", "cometd.multipart.max-duration=1h",
					"cometd.multipart.heartbeat=30s")
			.run((context) -> {
				CometdProperties properties = context.getBean(CometdProperties.class);
				assertThat(CometdSettings.streaming(properties.getEventsource()))
					.isEqualTo(new StreamingSettings(Duration.ofMinutes(2), Duration.ofSeconds(5)));
				assertThat(properties.getEventsource().getRetry()).isEqualTo(Duration.ofSeconds(3));
				assertThat(CometdSettings.streaming(properties.getForeverFrame()))
					.isEqualTo(new StreamingSettings(Duration.ofSeconds(90), Duration.ofSeconds(7)));
				assertThat(CometdSettings.streaming(properties.getMultipart()))
					.isEqualTo(new StreamingSettings(Duration.ofHours(1), Duration.ofSeconds(30)));
			});
	}

	@Test
	void streamingDefaults() {
		this.contextRunner.run((context) -> {
			CometdProperties properties = context.getBean(CometdProperties.class);
			for (CometdProperties.Streaming streaming : List.of(properties.getEventsource(), properties.getForeverFrame(),
					properties.getMultipart())) {
				assertThat(CometdSettings.streaming(streaming)).isEqualTo(StreamingSettings.defaults());
			}
			assertThat(properties.getEventsource().getRetry()).isEqualTo(Duration.ofSeconds(1));
			assertThat(CometdSettings.cors(properties.getCors())).isNull();
		});
	}

	@Test
	void invalidStreamingDurationFailsTheContext() {
		this.contextRunner.withPropertyValues("cometd.multipart.heartbeat=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("heartbeat must be positive"));
	}

	@Test
	void backsOffFromUserRouterFunctionAndWebSocketService() {
		this.contextRunner.withUserConfiguration(UserRoutingConfiguration.class).run((context) -> {
			assertThat(context.getBean("cometdRouterFunction")).isSameAs(UserRoutingConfiguration.ROUTER);
			assertThat(context.getBean("cometdWebSocketService")).isSameAs(UserRoutingConfiguration.SERVICE);
			// The transports exist, so the hub still advertises them for the user's routes to serve.
			assertThat(context.getBean(BayeuxServer.class).connectionTypes()).containsExactly("websocket",
					"long-polling", "callback-polling", "eventsource", "forever-frame", "multipart");
		});
	}

	@Test
	void propertiesAreBoundIntoServerSettings() {
		this.contextRunner
			.withPropertyValues("cometd.path=/push", "cometd.timeout=5s", "cometd.interval=250ms",
					"cometd.max-interval=30s", "cometd.max-queue=50", "cometd.overflow-policy=disconnect",
					"cometd.max-message-size=128KB", "cometd.max-sessions-per-browser=2",
					"cometd.multiple-clients-interval=3s", "cometd.sweep-period=500ms", "cometd.channel-idle-time=1m",
					"cometd.broadcast-to-publisher=false")
			.run((context) -> {
				assertThat(context.getBean(CometdProperties.class).getPath()).isEqualTo("/push");
				ServerSettings settings = context.getBean(BayeuxServer.class).settings();
				assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(settings.interval()).isEqualTo(Duration.ofMillis(250));
				assertThat(settings.maxInterval()).isEqualTo(Duration.ofSeconds(30));
				assertThat(settings.maxQueue()).isEqualTo(50);
				assertThat(settings.overflowPolicy()).isEqualTo(OverflowPolicy.DISCONNECT);
				assertThat(settings.maxMessageSize()).isEqualTo(128 * 1024);
				assertThat(settings.maxSessionsPerBrowser()).isEqualTo(2);
				assertThat(settings.multipleClientsInterval()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.sweepPeriod()).isEqualTo(Duration.ofMillis(500));
				assertThat(settings.channelIdleTime()).isEqualTo(Duration.ofMinutes(1));
				assertThat(settings.broadcastToPublisher()).isFalse();
			});
	}

	@Test
	void browserCookiePropertiesAreBound() {
		this.contextRunner
			.withPropertyValues("cometd.browser-cookie.name=MY_BROWSER", "cometd.browser-cookie.path=/app",
					"cometd.browser-cookie.domain=example.com", "cometd.browser-cookie.http-only=false",
					"cometd.browser-cookie.secure=true", "cometd.browser-cookie.same-site=Strict",
					"cometd.browser-cookie.max-age=1h")
			.run((context) -> assertThat(context.getBean(BrowserCookie.class)).isEqualTo(
					new BrowserCookie("MY_BROWSER", "/app", "example.com", false, true, "Strict", Duration.ofHours(1))));
	}

	@Test
	void sessionAndHandshakeLimitsAreOnByDefault() {
		this.contextRunner.run((context) -> {
			SessionLimits limits = context.getBean(BayeuxServer.class).settings().limits();
			assertThat(limits.maxSessions())
				.isEqualTo(SessionLimits.defaultMaxSessions(Runtime.getRuntime().maxMemory()))
				.isPositive();
			assertThat(limits.maxHandshakeRate()).isEqualTo(20);
			assertThat(limits.handshakeBurst()).isEqualTo(200);
		});
	}

	@Test
	void limitsAndTrustAreBound() {
		this.contextRunner
			.withPropertyValues("cometd.limits.max-subscriptions-per-session=5", "cometd.limits.max-publish-rate=10",
					"cometd.limits.publish-burst=20", "cometd.limits.max-connections=30",
					"cometd.limits.max-sessions=40", "cometd.limits.max-handshake-rate=50",
					"cometd.limits.handshake-burst=60", "cometd.browser-cookie.trust-client-session=true")
			.run((context) -> {
				ServerSettings settings = context.getBean(BayeuxServer.class).settings();
				assertThat(settings.limits()).isEqualTo(new SessionLimits(5, 10, 20, 30, 40, 50, 60));
				assertThat(settings.trustClientSession()).isTrue();
				assertThat(context.getBean(ConnectionLimit.class).max()).isEqualTo(30);
			});
	}

	@Test
	void maxMessageSizeLimitsWebSocketFrames() {
		this.contextRunner.withPropertyValues("cometd.max-message-size=128KB").run((context) -> {
			WebSocketService service = context.getBean(WebSocketService.class);
			assertThat(service).isInstanceOf(HandshakeWebSocketService.class);
			assertThat(((HandshakeWebSocketService) service).getUpgradeStrategy())
				.isInstanceOfSatisfying(ReactorNettyRequestUpgradeStrategy.class,
						(strategy) -> assertThat(strategy.getWebsocketServerSpec().maxFramePayloadLength())
							.isEqualTo(128 * 1024));
		});
	}

	@Test
	void webSocketServiceIsCreatedWithoutReactorNetty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebsocketServerSpec.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(WebSocketService.class)
				.getBean(WebSocketService.class)
				.isInstanceOf(HandshakeWebSocketService.class));
	}

	@Test
	void memoryEngineIsTheDefault() {
		this.contextRunner.withPropertyValues("cometd.cluster.engine=memory")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(BayeuxEngine.class)
				.isInstanceOf(InMemoryEngine.class));
	}

	@Test
	void noBeansInNonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CometdAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(BayeuxServer.class)
				.doesNotHaveBean(LongPollingTransport.class)
				.doesNotHaveBean("cometdRouterFunction"));
	}

	@Test
	void noBeansWithoutTheServerClass() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(BayeuxServer.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("cometdRouterFunction"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSecurityPolicyConfiguration {

		final SecurityPolicy policy = new SecurityPolicy() {
		};

		@Bean
		SecurityPolicy userSecurityPolicy() {
			return this.policy;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEngineConfiguration {

		final BayeuxEngine engine = new InMemoryEngine();

		@Bean
		BayeuxEngine userEngine() {
			return this.engine;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCodecConfiguration {

		final MessageCodec codec = new MessageCodec();

		@Bean
		MessageCodec userCodec() {
			return this.codec;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserServerConfiguration {

		@Bean(initMethod = "start", destroyMethod = "stop")
		BayeuxServer userServer() {
			return new BayeuxServer(ServerSettings.builder().maxQueue(7).build(), new MessageCodec(),
					new InMemoryEngine(), SecurityPolicy.ALLOW_ALL, Schedulers.parallel());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTransportConfiguration {

		@Bean
		LongPollingTransport userLongPollingTransport(HttpTransportSupport support) {
			return new LongPollingTransport(support);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStreamingTransportConfiguration {

		@Bean
		MultipartTransport userMultipartTransport(StreamingTransportSupport support) {
			return new MultipartTransport(support, StreamingSettings.defaults());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRoutingConfiguration {

		static final RouterFunction<?> ROUTER = RouterFunctions.route()
			.GET("/custom", (request) -> ServerResponse.ok().build())
			.build();

		static final WebSocketService SERVICE = new HandshakeWebSocketService();

		@Bean
		RouterFunction<?> cometdRouterFunction() {
			return ROUTER;
		}

		@Bean
		WebSocketService cometdWebSocketService() {
			return SERVICE;
		}

	}

}
