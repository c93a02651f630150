package io.github.cometdboot.server.transport;

import java.util.List;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.server.ServerObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the websocket {@link OriginCheck}: a page of another site cannot open a websocket that
 * carries its visitor's cookies (cross-site websocket hijacking), while the server's own pages and
 * non-browser clients (which send no {@code Origin}) can.
 */
class OriginCheckTests {

	private final TransportFixture fixture = new TransportFixture(SecurityPolicy.ALLOW_ALL, 0);

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@Test
	void sameOriginAndNoOriginAreAllowed() {
		OriginCheck check = OriginCheck.sameOrigin();
		assertThat(check.allows(upgrade("http://chat.example.com/cometd", null))).isTrue();
		assertThat(check.allows(upgrade("http://chat.example.com/cometd", "http://chat.example.com"))).isTrue();
		assertThat(check.allows(upgrade("http://chat.example.com/cometd", "http://chat.example.com:80"))).isTrue();
		assertThat(check.allows(upgrade("https://chat.example.com/cometd", "https://CHAT.example.com"))).isTrue();
		assertThat(check.allows(upgrade("http://127.0.0.1:8080/cometd", "http://127.0.0.1:8080"))).isTrue();
	}

	@Test
	void otherSchemesHostsAndPortsAreRefused() {
		OriginCheck check = OriginCheck.sameOrigin();
		assertThat(check.allows(upgrade("http://chat.example.com/cometd", "http://evil.example"))).isFalse();
		assertThat(check.allows(upgrade("http://chat.example.com/cometd", "https://chat.example.com"))).isFalse();
		assertThat(check.allows(upgrade("http://chat.example.com/cometd", "http://chat.example.com:8080"))).isFalse();
		assertThat(check.allows(upgrade("http://chat.example.com/cometd", "http://chat.example.com.evil.example")))
			.isFalse();
		assertThat(check.allows(upgrade("http://chat.example.com/cometd", "null"))).isFalse();
		assertThat(check.allows(upgrade("http://chat.example.com/cometd", "::not a uri::"))).isFalse();
	}

	@Test
	void configuredOriginsAndPatternsAreAllowed() {
		OriginCheck check = new OriginCheck(List.of("https://app.example.com", "https://*.trusted.example"));
		assertThat(check.allows(upgrade("https://api.example.com/cometd", "https://app.example.com"))).isTrue();
		assertThat(check.allows(upgrade("https://api.example.com/cometd", "https://a.trusted.example"))).isTrue();
		assertThat(check.allows(upgrade("https://api.example.com/cometd", "https://evil.example"))).isFalse();
		assertThat(new OriginCheck(List.of("*")).allows(upgrade("https://api.example.com/cometd", "https://any.example")))
			.isTrue();
	}

	@Test
	void crossSiteUpgradeGets403BeforeTheUpgradeAndIsCounted() {
		this.fixture.client.get()
			.uri("http://chat.example.com/cometd")
			.header("Upgrade", "websocket")
			.header("Connection", "Upgrade")
			.header("Origin", "http://evil.example")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.FORBIDDEN)
			.expectBody()
			.jsonPath("$[0].error")
			.isEqualTo("403::origin_not_allowed");
		assertThat(this.fixture.server.statistics().refusedCount(ServerObserver.RefusalReason.ORIGIN)).isOne();
		assertThat(this.fixture.connections.openConnections()).isZero();
	}

	private static MockServerHttpRequest upgrade(String uri, String origin) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(uri).header("Upgrade", "websocket");
		if (origin != null) {
			request.header("Origin", origin);
		}
		return request.build();
	}

}
