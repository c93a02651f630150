package io.github.cometdboot.programmingmodel;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.endpoint.cometd.access=unrestricted} an operator sees whole client ids and
 * can disconnect a session, and the client handshakes again.
 */
@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=cometd",
				"management.endpoint.cometd.access=unrestricted" })
class ActuatorDisconnectTests {

	@LocalServerPort
	private int port;

	@Test
	void deleteDisconnectsTheSession() throws Exception {
		try (JavaClientFactory clients = new JavaClientFactory(this.port)) {
			BayeuxClient client = clients.connected(null);
			String first = client.getId();
			BlockingQueue<String> handshakes = new java.util.concurrent.LinkedBlockingQueue<>();
			client.getChannel(Channel.META_HANDSHAKE)
				.addListener((org.cometd.bayeux.client.ClientSessionChannel.MessageListener) (channel,
						message) -> handshakes.add(String.valueOf(message.get(Message.CLIENT_ID_FIELD))));
			WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
			// The operator who may disconnect sessions sees the client ids it needs for that.
			http.get()
				.uri("/actuator/cometd/sessions")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$[*].clientId")
				.value((java.util.List<String> ids) -> assertThat(ids).contains(first));
			http.delete()
				.uri("/actuator/cometd/sessions/" + first)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Boolean.class)
				.isEqualTo(true);
			String second = handshakes.poll(JavaClientFactory.WAIT_SECONDS, TimeUnit.SECONDS);
			assertThat(second).isNotNull().isNotEqualTo(first);
		}
	}

}
