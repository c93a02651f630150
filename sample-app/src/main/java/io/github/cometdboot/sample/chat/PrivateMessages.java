package io.github.cometdboot.sample.chat;

import io.github.cometdboot.CometListener;
import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.RejectMessageException;
import io.github.cometdboot.CometSession;

import org.springframework.stereotype.Component;

/**
 * Private messages: pushed with {@link CometTemplate} on {@code /private} to every page of the
 * addressee, and to nobody else.
 */
@Component
public class PrivateMessages {

	private final CometTemplate template;

	private final Presence presence;

	/**
	 * Create the service.
	 * @param template pushes the messages
	 * @param presence knows the nicknames
	 */
	public PrivateMessages(CometTemplate template, Presence presence) {
		this.template = template;
		this.presence = presence;
	}

	/**
	 * Send a private message.
	 * @param message the addressee and text
	 * @param sender the sender's session
	 * @return how many pages of the addressee it reached
	 */
	@CometListener("/service/private")
	public int send(PrivateMessage message, CometSession sender) {
		String from = this.presence.nicknameOf(sender.id());
		if (from == null) {
			throw new RejectMessageException("join_first");
		}
		int delivered = 0;
		for (String clientId : this.presence.sessionsNamed(message.to())) {
			if (this.template.deliver(clientId, "/private", new ChatMessage(from, message.text()))) {
				delivered++;
			}
		}
		return delivered;
	}

	/**
	 * A private message.
	 *
	 * @param to the addressee's nickname
	 * @param text the text
	 */
	public record PrivateMessage(String to, String text) {
	}

}
