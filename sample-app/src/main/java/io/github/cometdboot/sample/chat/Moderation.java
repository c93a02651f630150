package io.github.cometdboot.sample.chat;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.github.cometdboot.CometInterceptor;
import io.github.cometdboot.RejectMessageException;

import org.springframework.stereotype.Component;

/**
 * Moderates room chat on {@code /rooms/<room>} before it is broadcast: refuses empty, overlong and
 * shouted messages, rooms with overlong names and rooms beyond {@link ChatHistory}'s bound, cuts
 * nicknames to {@value #MAX_USER_LENGTH} characters and masks rude words, telling the sender why a
 * message was refused.
 * ({@code /chat/**} stays open to any payload.)
 */
@Component
public class Moderation {

	static final int MAX_LENGTH = 500;

	static final int MAX_USER_LENGTH = 32;

	static final int MAX_ROOM_LENGTH = 64;

	private static final List<String> RUDE_WORDS = List.of("darn", "heck", "blast");

	private static final Pattern RUDE = Pattern.compile("\\b(" + String.join("|", RUDE_WORDS) + ")\\b",
			Pattern.CASE_INSENSITIVE);

	private final ChatHistory history;

	/**
	 * Create the moderation.
	 * @param history the history, which bounds the rooms
	 */
	public Moderation(ChatHistory history) {
		this.history = history;
	}

	/**
	 * Check and clean a chat line.
	 * @param room the room
	 * @param message the line
	 * @return the line to broadcast
	 */
	@CometInterceptor("/rooms/{room}")
	public ChatMessage moderate(String room, ChatMessage message) {
		if (room.length() > MAX_ROOM_LENGTH) {
			throw new RejectMessageException("room_name_too_long");
		}
		if (!this.history.admits(room)) {
			throw new RejectMessageException("too_many_rooms");
		}
		String text = (message.text() != null) ? message.text().strip() : "";
		if (text.isEmpty()) {
			throw new RejectMessageException("empty");
		}
		if (text.length() > MAX_LENGTH) {
			throw new RejectMessageException("too_long");
		}
		if (text.length() >= 8 && text.equals(text.toUpperCase(Locale.ROOT)) && !text.equals(text.toLowerCase(Locale.ROOT))) {
			throw new RejectMessageException("no_shouting");
		}
		String user = (message.user() != null && !message.user().isBlank()) ? message.user().strip() : "anonymous";
		if (user.codePointCount(0, user.length()) > MAX_USER_LENGTH) {
			user = user.substring(0, user.offsetByCodePoints(0, MAX_USER_LENGTH));
		}
		return new ChatMessage(user, RUDE.matcher(text).replaceAll((match) -> "*".repeat(match.group().length())));
	}

}
