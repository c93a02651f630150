package io.github.cometdboot.sample;

import io.github.cometdboot.CometListener;
import io.github.cometdboot.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Answers every message published on {@code /service/echo} to its sender alone, with the same data.
 */
@Component
public class EchoService {

	/** The echo channel. */
	public static final String CHANNEL = "/service/echo";

	/**
	 * Echo a message.
	 * @param message the message as the client sent it
	 * @return its data, or {@code null} (no answer) when it had none
	 */
	@CometListener(CHANNEL)
	public @Nullable Object echo(Message message) {
		return message.data();
	}

}
