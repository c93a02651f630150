package io.github.cometdboot.server.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a stream (eventsource, forever-frame, multipart) cannot be opened for a session from
 * another browser, nor without the browser cookie: the stream would carry the session's messages.
 */
class StreamingBrowserBindingTests {

	private final StreamingFixture fixture = new StreamingFixture();

	@AfterEach
	void stop() {
		this.fixture.stop();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/cometd/%s", "/cometd/forever-frame/%s?callback=cb", "/cometd/multipart/%s" })
	void streamOfAnotherBrowserIsRefused(String path) {
		String clientId = this.fixture.session("long-polling", "/private");
		String uri = path.formatted(clientId);
		for (String browser : new String[] { BrowserCookie.defaults().newBrowserId(), "" }) {
			this.fixture.client.get()
				.uri(uri)
				.cookie("BAYEUX_BROWSER", browser)
				.header("Accept", "text/event-stream")
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$[0].error")
				.isEqualTo("402::session_unknown");
		}
		assertThat(this.fixture.find(clientId).transport()).isEqualTo("long-polling");
	}

}
