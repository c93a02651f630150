package io.github.cometdboot.programmingmodel;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.HandshakeAuthenticator;
import io.github.cometdboot.HandshakeDecision;
import io.github.cometdboot.server.BayeuxServer;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.cometdboot.programmingmodel.JavaClientFactory.WAIT_SECONDS;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.publish;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribe;
import static io.github.cometdboot.programmingmodel.JavaClientFactory.subscribeReply;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usual CometD pattern: a token in the handshake's {@code ext}, checked by the application, names
 * the session's user and roles; {@code deliverToUser} and the {@code role:} rules of the properties then
 * work for it. Driven by the CometD Java client, which signs in over HTTP as nobody.
 */
@SpringBootTest(classes = { ChatTestApplication.class, HandshakeTokenTests.Tokens.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cometd.security.handshake=authenticated", "cometd.security.channels[0].pattern=/admin/**",
				"cometd.security.channels[0].subscribe=role:ADMIN", "cometd.security.channels[0].publish=role:ADMIN" })
class HandshakeTokenTests {

	@LocalServerPort
	private int port;

	@Autowired
	private CometTemplate template;

	@Autowired
	private BayeuxServer server;

	private JavaClientFactory clients;

	@BeforeEach
	void createClients() {
		this.clients = new JavaClientFactory(this.port);
	}

	@AfterEach
	void closeClients() throws Exception {
		this.clients.close();
	}

	@Test
	void theTokensUserIsTheSessionsAndDeliverToUserReachesIt() throws Exception {
		BayeuxClient alice = withToken("alice-token");
		assertThat(this.server.sessions().find(alice.getId()).principal().getName()).isEqualTo("alice");
		BlockingQueue<Message> inbox = subscribe(alice, "/private");
		assertThat(this.template.deliverToUser("alice", "/private", "for alice")).isOne();
		assertThat(inbox.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("for alice");
	}

	@Test
	void roleRulesCheckTheRolesTheTokenGave() throws Exception {
		BayeuxClient alice = withToken("alice-token");
		BayeuxClient bob = withToken("bob-token");
		BlockingQueue<Message> alerts = subscribe(alice, "/admin/alerts");
		Message denied = subscribeReply(bob, "/admin/alerts", new LinkedBlockingQueue<>());
		assertThat(denied.isSuccessful()).isFalse();
		assertThat((String) denied.get(Message.ERROR_FIELD)).endsWith(":subscribe_denied");
		assertThat(publish(bob, "/admin/alerts", "spoof").isSuccessful()).isFalse();
		assertThat(publish(alice, "/admin/alerts", "real").isSuccessful()).isTrue();
		assertThat(alerts.poll(WAIT_SECONDS, TimeUnit.SECONDS).getData()).isEqualTo("real");
		assertThat(alerts).isEmpty();
	}

	@Test
	void handshakeRulesApplyToTheTokensUser() throws Exception {
		assertThat(handshakeReply("forged").get(Message.ERROR_FIELD)).isEqualTo("403::handshake_denied");
		// Allowed by the authenticator as the request's (absent) user, refused by handshake=authenticated.
		assertThat(handshakeReply(null).get(Message.ERROR_FIELD)).isEqualTo("403::handshake_denied");
	}

	private BayeuxClient withToken(String token) throws Exception {
		BayeuxClient client = this.clients.client(null);
		client.handshake(Map.of(Message.EXT_FIELD, Map.of("token", token)));
		assertThat(client.waitFor(WAIT_SECONDS * 1000, BayeuxClient.State.CONNECTED)).as("connected").isTrue();
		return client;
	}

	private Message handshakeReply(String token) throws Exception {
		BayeuxClient client = this.clients.client(null);
		CompletableFuture<Message> reply = new CompletableFuture<>();
		Map<String, Object> fields = (token != null) ? Map.of(Message.EXT_FIELD, Map.of("token", token)) : Map.of();
		client.handshake(fields, reply::complete);
		return reply.get(WAIT_SECONDS, TimeUnit.SECONDS);
	}

	/**
	 * The application's token check, as docs/security.md shows it (keep the two alike): two known tokens, any
	 * other refused, none left to the rules.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Tokens {

		@Bean
		TokenService tokens() {
			return (token) -> switch (token) {
				case "alice-token" -> Mono.just(new Account("alice", "ADMIN"));
				case "bob-token" -> Mono.just(new Account("bob"));
				default -> Mono.empty();
			};
		}

		@Bean
		HandshakeAuthenticator tokenAuthenticator(TokenService tokens) {
			return (session, message) -> {
				Object token = (message.ext() != null) ? message.ext().get("token") : null;
				if (token == null) {
					return Mono.just(HandshakeDecision.ALLOW);
				}
				return tokens.verify(token.toString())
					.map((account) -> HandshakeDecision.allowAs(account.name(), account.roles()))
					.defaultIfEmpty(HandshakeDecision.DENY);
			};
		}

	}

	/** Verifies tokens, as an application's own service would. */
	interface TokenService {

		Mono<Account> verify(String token);

	}

	record Account(String name, String... roles) {
	}

}
