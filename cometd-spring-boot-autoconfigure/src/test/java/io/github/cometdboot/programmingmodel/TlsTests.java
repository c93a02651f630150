package io.github.cometdboot.programmingmodel;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.Http11SslContextSpec;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS through Boot's usual {@code server.ssl.*}: with a self-signed keystore made for the test, the
 * CometD Java client works over https and a websocket over wss, and the browser cookie is marked
 * {@code Secure} when told.
 */
@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "cometd.browser-cookie.secure=true")
class TlsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void ssl(DynamicPropertyRegistry registry) throws Exception {
		Path keystore = selfSignedKeystore();
		registry.add("server.ssl.key-store", () -> keystore.toUri().toString());
		registry.add("server.ssl.key-store-password", () -> "changeit");
		registry.add("server.ssl.key-store-type", () -> "PKCS12");
	}

	@Test
	void javaClientWorksOverHttps() throws Exception {
		HttpClient httpClient = new HttpClient();
		httpClient.setSslContextFactory(new SslContextFactory.Client(true));
		httpClient.start();
		BayeuxClient client = new BayeuxClient("https://127.0.0.1:" + this.port + "/cometd",
				new JettyHttpClientTransport(new HashMap<>(), httpClient));
		try {
			client.handshake();
			assertThat(client.waitFor(10_000, BayeuxClient.State.CONNECTED)).isTrue();
			BlockingQueue<Message> received = JavaClientFactory.subscribe(client, "/chat/tls");
			assertThat(JavaClientFactory.publish(client, "/chat/tls", Map.of("text", "secret")).isSuccessful()).isTrue();
			Message message = received.poll(10, TimeUnit.SECONDS);
			assertThat(message).isNotNull();
			assertThat(message.getDataAsMap()).containsEntry("text", "secret");
		}
		finally {
			client.disconnect(2000);
			httpClient.stop();
		}
	}

	@Test
	void browserCookieIsSecure() {
		String setCookie = insecureClient().headers((headers) -> headers.add("Content-Type", "application/json"))
			.post()
			.uri("https://127.0.0.1:" + this.port + "/cometd")
			.send(ByteBufFlux.fromString(Mono.just("""
					[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]""")))
			.response()
			.map((response) -> String.valueOf(response.responseHeaders().get("Set-Cookie")))
			.block(Duration.ofSeconds(10));
		assertThat(setCookie).startsWith("BAYEUX_BROWSER=").containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly");
	}

	@Test
	void webSocketWorksOverWss() {
		reactor.netty.http.client.HttpClient secure = insecureClient();
		ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient(secure);
		StringBuilder reply = new StringBuilder();
		client.execute(URI.create("wss://127.0.0.1:" + this.port + "/cometd"), (session) -> session
			.send(Mono.just(session.textMessage("""
					[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["websocket"]}]""")))
			.thenMany(session.receive().take(1))
			.doOnNext((frame) -> reply.append(frame.getPayloadAsText()))
			.then()).block(Duration.ofSeconds(10));
		List<Map<String, Object>> replies = JSON.readValue(reply.toString(), new TypeReference<>() {
		});
		assertThat(replies).singleElement().satisfies((handshake) -> assertThat(handshake)
			.containsEntry("successful", true)
			.containsKey("clientId"));
	}

	/** A client that trusts the test's self-signed certificate (and any other). */
	private static reactor.netty.http.client.HttpClient insecureClient() {
		return reactor.netty.http.client.HttpClient.create()
			.secure((spec) -> spec.sslContext(Http11SslContextSpec.forClient()
				.configure((builder) -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
	}

	private static Path selfSignedKeystore() throws IOException, InterruptedException {
		Path directory = Files.createTempDirectory("cometd-tls");
		Path keystore = directory.resolve("keystore.p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "cometd", "-keyalg", "RSA",
				"-keysize", "2048", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
				"-keypass", "changeit", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
				"-validity", "2")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		keystore.toFile().deleteOnExit();
		directory.toFile().deleteOnExit();
		return keystore;
	}

}
