package io.github.cometdboot;

import reactor.core.publisher.Mono;

/**
 * Handles messages published on a {@code /service/**} channel. Service messages are never broadcast;
 * whatever the handler answers goes back to the sender alone.
 */
@FunctionalInterface
public interface ServiceHandler {

	/**
	 * Handle one message.
	 * @param session the sender
	 * @param message the message as the client sent it
	 * @return the data to deliver back to the sender on the same channel, or empty for no answer
	 */
	Mono<Object> handle(CometSession session, Message message);

}
