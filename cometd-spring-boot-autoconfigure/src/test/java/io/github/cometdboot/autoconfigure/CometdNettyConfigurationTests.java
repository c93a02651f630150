package io.github.cometdboot.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web server's channels run on Java NIO event loops unless {@code cometd.netty.native-transport=true}
 * (see {@link CometdNettyConfiguration} for why).
 */
class CometdNettyConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CometdAutoConfiguration.class))
		.withBean(ReactorResourceFactory.class);

	@Test
	void serverRequestsAreHandledOnNioEventLoopsByDefault() {
		this.contextRunner.run((context) -> {
			@SuppressWarnings("unchecked")
			WebServerFactoryCustomizer<NettyReactiveWebServerFactory> customizer = context
				.getBean("cometdNioServerLoops", WebServerFactoryCustomizer.class);
			assertThat(handlingThread(context.getBean(ReactorResourceFactory.class), customizer))
				.startsWith("reactor-http-nio-");
		});
	}

	@Test
	void nativeTransportIsKeptWhenAskedFor() {
		this.contextRunner.withPropertyValues("cometd.netty.native-transport=true")
			.run((context) -> assertThat(context).doesNotHaveBean("cometdNioServerLoops"));
	}

	/** Start a real server from a factory set up as Boot sets it up, and name the thread that handles a request. */
	private static String handlingThread(ReactorResourceFactory resources,
			WebServerFactoryCustomizer<NettyReactiveWebServerFactory> customizer) throws Exception {
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(0);
		factory.setResourceFactory(resources);
		customizer.customize(factory);
		AtomicReference<String> thread = new AtomicReference<>();
		HttpHandler handler = (request, response) -> {
			thread.set(Thread.currentThread().getName());
			return response.setComplete();
		};
		WebServer server = factory.getWebServer(handler);
		server.start();
		try {
			HttpResponse<Void> reply = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/")).build(),
						HttpResponse.BodyHandlers.discarding());
			assertThat(reply.statusCode()).isEqualTo(200);
			return thread.get();
		}
		finally {
			server.stop();
		}
	}

}
