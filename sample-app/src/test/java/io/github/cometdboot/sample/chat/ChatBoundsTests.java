package io.github.cometdboot.sample.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.cometdboot.RejectMessageException;
import io.github.cometdboot.sample.chat.ChatHistory.RoomRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that what clients send cannot grow the chat backend without bound: rooms, nicknames, lines and
 * each room's history are bounded.
 */
class ChatBoundsTests {

	private final ChatHistory history = new ChatHistory();

	private final Moderation moderation = new Moderation(this.history);

	@Test
	void roomsBeyondTheBoundAreRefused() {
		for (int i = 0; i < ChatHistory.MAX_ROOMS; i++) {
			say("room" + i, "ann", "hello");
		}
		assertThatExceptionOfType(RejectMessageException.class).isThrownBy(() -> say("one-too-many", "ann", "hello"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("too_many_rooms"));
		assertThat(this.history.history(new RoomRequest("one-too-many"))).isEmpty();
		assertThat(say("room0", "ann", "still open").text()).as("known rooms go on").isEqualTo("still open");
	}

	@Test
	void lineForARoomBeyondTheBoundIsNotKeptEvenWithoutModeration() {
		for (int i = 0; i < ChatHistory.MAX_ROOMS + 10; i++) {
			this.history.remember("room" + i, new ChatMessage("ann", "hello"));
		}
		assertThat(this.history.history(new RoomRequest("room" + ChatHistory.MAX_ROOMS))).isEmpty();
		assertThat(this.history.history(new RoomRequest("room0"))).hasSize(1);
	}

	@Test
	void overlongRoomNameIsRefused() {
		assertThatExceptionOfType(RejectMessageException.class)
			.isThrownBy(() -> say("r".repeat(Moderation.MAX_ROOM_LENGTH + 1), "ann", "hello"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("room_name_too_long"));
	}

	@Test
	void overlongUserIsCutAndOverlongTextRefused() {
		assertThat(say("lobby", "u".repeat(1_000_000), "hello").user()).isEqualTo("u".repeat(Moderation.MAX_USER_LENGTH));
		assertThat(say("lobby", "😀".repeat(40), "hello").user()).as("cut between characters, not within one")
			.isEqualTo("😀".repeat(Moderation.MAX_USER_LENGTH));
		assertThatExceptionOfType(RejectMessageException.class)
			.isThrownBy(() -> say("lobby", "ann", "t".repeat(Moderation.MAX_LENGTH + 1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("too_long"));
	}

	@Test
	void historyOfARoomIsBoundedInCount() {
		for (int i = 0; i < 400; i++) {
			say("lobby", "ann", "line " + i);
		}
		List<ChatMessage> lines = this.history.history(new RoomRequest("lobby"));
		assertThat(lines).hasSize(ChatHistory.SIZE);
		assertThat(lines.get(lines.size() - 1).text()).isEqualTo("line 399");
	}

	@Test
	void historyOfARoomIsBoundedInBytes() {
		// The longest lines moderation lets through, in three-byte characters: 50 of them would be 75 KB.
		String text = "€".repeat(Moderation.MAX_LENGTH);
		for (int i = 0; i < 400; i++) {
			say("lobby", "€".repeat(Moderation.MAX_USER_LENGTH), text);
		}
		List<ChatMessage> lines = this.history.history(new RoomRequest("lobby"));
		int bytes = lines.stream().mapToInt((line) -> utf8(line.user()) + utf8(line.text())).sum();
		assertThat(bytes).isLessThanOrEqualTo(ChatHistory.MAX_BYTES);
		assertThat(lines).hasSizeLessThan(ChatHistory.SIZE).isNotEmpty();
	}

	/** A line as the server handles it: moderated, then remembered. */
	private ChatMessage say(String room, String user, String text) {
		ChatMessage moderated = this.moderation.moderate(room, new ChatMessage(user, text));
		this.history.remember(room, moderated);
		return moderated;
	}

	private static int utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

}
