package io.github.cometdboot;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Called once for every message published on a matching broadcast channel, on the node where it was
 * published, after the message was handed to the engine.
 */
@FunctionalInterface
public interface PublishListener {

	/**
	 * Handle a published message.
	 * @param sender the publishing session, or {@code null} when the server published
	 * @param channel the channel
	 * @param message the message as broadcast
	 * @return a mono that completes when the listener is done; an error is reported to the sender
	 */
	Mono<Void> onPublish(@Nullable CometSession sender, ChannelId channel, Message message);

}
