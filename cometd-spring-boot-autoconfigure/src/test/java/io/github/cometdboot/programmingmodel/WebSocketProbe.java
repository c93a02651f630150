package io.github.cometdboot.programmingmodel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tells when a websocket has answered everything sent before: a probe message, answered at once
 * ({@code 402::session_unknown}) and only after the earlier messages of the connection, since the
 * server processes a connection's messages in order. Connects it holds answer later, and are not
 * waited for.
 */
final class WebSocketProbe {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RawWebSocket socket;

	private int sent;

	WebSocketProbe(RawWebSocket socket) {
		this.socket = socket;
	}

	/**
	 * Send a probe and read until its answer, asserting that every message read is a JSON array.
	 * @param tooLarge whether the last message was over the size limit: the server may then close the
	 * connection while the client still writes, and the client's writes can reset it before the close
	 * frame is read, which then counts as a close with 1009
	 * @return {@code null} when the probe was answered, else the code the server closed with
	 */
	@Nullable Integer answeredOrClosed(boolean tooLarge) throws IOException {
		String id = "probe-" + (++this.sent);
		try {
			this.socket.send("""
					[{"channel":"/meta/subscribe","clientId":"probe","subscription":"/probe","id":"%s"}]""".formatted(id));
		}
		catch (IOException ex) {
			// The server closed the connection already: its close frame is there to read.
		}
		while (true) {
			RawWebSocket.Frame frame;
			try {
				frame = this.socket.nextFrame();
			}
			catch (IOException ex) {
				if (tooLarge) {
					return 1009;
				}
				throw ex;
			}
			if (frame.isClose()) {
				return frame.closeCode();
			}
			String text = new String(frame.payload(), StandardCharsets.UTF_8);
			JsonNode messages = JSON.readTree(text);
			assertThat(messages.isArray()).as("a websocket answers JSON arrays: %s", text).isTrue();
			for (JsonNode message : messages) {
				if (id.equals(message.path("id").asString(null))) {
					return null;
				}
			}
		}
	}

}
