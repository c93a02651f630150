package io.github.cometdboot;

import reactor.core.publisher.Mono;

/**
 * Sees a message a client publishes before it is broadcast or handed to services, and may change or
 * stop it.
 */
@FunctionalInterface
public interface PublishInterceptor {

	/**
	 * Inspect a message.
	 * @param sender the publishing session
	 * @param channel the channel
	 * @param message the message as the client sent it
	 * @return the message to go on with (the same or a changed copy), or an error with
	 * {@link io.github.cometdboot.RejectMessageException} to stop it and tell the sender why
	 */
	Mono<Message> intercept(CometSession sender, ChannelId channel, Message message);

}
