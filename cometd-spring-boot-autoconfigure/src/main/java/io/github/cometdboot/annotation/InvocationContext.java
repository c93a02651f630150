package io.github.cometdboot.annotation;

import java.security.Principal;
import java.util.Map;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.CometSession;
import org.jspecify.annotations.Nullable;

/**
 * What a listener method may receive for one message.
 *
 * @param sender the session that published, or {@code null} when the server did
 * @param channel the channel the message was published on
 * @param message the message
 * @param variables the template variables of the listener's pattern
 */
record InvocationContext(@Nullable CometSession sender, ChannelId channel, Message message,
		Map<String, String> variables) {

	@Nullable Principal principal() {
		return (this.sender != null) ? this.sender.principal() : null;
	}

}
