package io.github.cometdboot.server.transport;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.server.ServerObserver;
import io.github.cometdboot.server.session.ServerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code cometd.limits.max-connections}: held long polls and requests in progress count,
 * and beyond the limit a request gets {@code 503} with a Bayeux error, a websocket upgrade too, before
 * it is upgraded; the count goes down as connections end.
 */
class ConnectionLimitTests {

	private final TransportFixture fixture = new TransportFixture(SecurityPolicy.ALLOW_ALL, 2);

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@Test
	void requestsBeyondTheLimitGet503UntilAHeldConnectEnds() {
		String first = this.fixture.connectedSession();
		// A second browser, so that both connects are held (one held poll per browser).
		String secondBrowser = BrowserCookie.defaults().newBrowserId();
		String second = sessionOf(secondBrowser);
		MockServerHttpResponse firstResponse = new MockServerHttpResponse();
		MockServerHttpResponse secondResponse = new MockServerHttpResponse();
		Mono<Void> firstHeld = this.fixture.httpHandler.handle(connect(first), firstResponse);
		StepVerifier.create(firstHeld)
			.then(() -> {
				assertThat(this.fixture.connections.openConnections()).isOne();
				this.fixture.httpHandler.handle(connect(second, secondBrowser), secondResponse).subscribe();
				assertThat(this.fixture.connections.openConnections()).isEqualTo(2);
				this.fixture.client.post()
					.uri("/cometd")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(TransportFixture.handshakeRequest())
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
					.expectBody()
					.jsonPath("$[0].error")
					.isEqualTo("503::too_many_connections");
				this.fixture.client.get()
					.uri("/cometd")
					.header("Upgrade", "websocket")
					.header("Connection", "Upgrade")
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				this.fixture.scheduler.advanceTimeBy(TransportFixture.CONNECT_TIMEOUT);
			})
			.expectComplete()
			.verify(TransportFixture.TIMEOUT);
		assertThat(this.fixture.connections.openConnections()).isZero();
		assertThat(this.fixture.server.statistics().refusedCount(ServerObserver.RefusalReason.CONNECTION_LIMIT))
			.isEqualTo(2);
		assertThat(this.fixture.post("/cometd", TransportFixture.handshakeRequest()).get(0))
			.containsEntry("successful", true);
	}

	@Test
	void abandonedHeldConnectGivesItsConnectionBack() {
		String clientId = this.fixture.connectedSession();
		ServerSession session = this.fixture.server.sessions().find(clientId);
		StepVerifier.create(this.fixture.httpHandler.handle(connect(clientId), new MockServerHttpResponse()))
			.then(() -> assertThat(session.isConnectHeld()).isTrue())
			.thenCancel()
			.verify(TransportFixture.TIMEOUT);
		assertThat(this.fixture.connections.openConnections()).isZero();
	}

	@Test
	void oneAddressGetsItsShareWhileOthersStillGetConnections() {
		ConnectionLimit limit = new ConnectionLimit(10, 2, this.fixture.server.observer());
		assertThat(limit.tryOpen("192.0.2.1")).isTrue();
		limit.openAdmitted("192.0.2.1");
		assertThat(limit.tryOpen("192.0.2.1")).isFalse();
		assertThat(limit.refuses("192.0.2.1")).isTrue();
		assertThat(limit.tryOpen("192.0.2.2")).isTrue();
		assertThat(limit.refuses(null)).as("an unknown address counts against the total only").isFalse();
		assertThat(limit.openConnections()).isEqualTo(3);
		assertThat(this.fixture.server.statistics()
			.refusedCount(ServerObserver.RefusalReason.ADDRESS_CONNECTION_LIMIT)).isEqualTo(2);
		limit.close("192.0.2.1");
		assertThat(limit.openFrom("192.0.2.1")).isOne();
		assertThat(limit.tryOpen("192.0.2.1")).isTrue();
	}

	@Test
	void defaultShareIsATenthOfTheLimit() {
		assertThat(ConnectionLimit.defaultMaxPerAddress(10_000)).isEqualTo(1_000);
		assertThat(ConnectionLimit.defaultMaxPerAddress(5)).isOne();
		assertThat(ConnectionLimit.defaultMaxPerAddress(0)).isZero();
	}

	private MockServerHttpRequest connect(String clientId) {
		return connect(clientId, this.fixture.browserCookie().getValue());
	}

	private MockServerHttpRequest connect(String clientId, String browserId) {
		return MockServerHttpRequest.post("/cometd/connect")
			.cookie(new HttpCookie("BAYEUX_BROWSER", browserId))
			.contentType(MediaType.APPLICATION_JSON)
			.body(TransportFixture.connect(clientId));
	}

	/** A session of another browser than the fixture client's, connected once. */
	private String sessionOf(String browserId) {
		String clientId = (String) this.fixture.post("/cometd", TransportFixture.handshakeRequest(), browserId)
			.get(0)
			.get("clientId");
		assertThat(this.fixture.post("/cometd", TransportFixture.connect(clientId), browserId).get(0))
			.containsEntry("successful", true);
		return clientId;
	}

}
