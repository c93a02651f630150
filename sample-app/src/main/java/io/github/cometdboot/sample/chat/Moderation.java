package io.github.cometdboot.sample.chat;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.github.cometdboot.CometInterceptor;
import io.github.cometdboot.RejectMessageException;

import org.springframework.stereotype.Component;

/**
 * Moderates room chat on {@code /rooms/<room>} before it is broadcast: refuses empty, overlong and
 * shouted messages, and masks rude words, telling the sender why a message was refused.
 * ({@code /chat/**} stays open to any payload.)
 */
@Component
public class Moderation {

	static final int MAX_LENGTH = 500;

	private static final List<String> RUDE_WORDS = List.of("darn", "heck", "blast");

	private static final Pattern RUDE = Pattern.compile("\\b(" + String.join("|", RUDE_WORDS) + ")\\b",
			Pattern.CASE_INSENSITIVE);

	/**
	 * Check and clean a chat line.
	 * @param message the line
	 * @return the line to broadcast
	 */
	@CometInterceptor("/rooms/{room}")
	public ChatMessage moderate(ChatMessage message) {
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
		return new ChatMessage(user, RUDE.matcher(text).replaceAll((match) -> "*".repeat(match.group().length())));
	}

}
