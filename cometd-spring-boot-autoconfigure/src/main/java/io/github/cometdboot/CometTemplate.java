package io.github.cometdboot;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pushes messages from application code, on any thread, outside any request: to every subscriber of
 * a channel, to one session, or to every session of a user; and subscribes on the server side.
 * <p>
 * The plain methods act at once and log failures; the {@code ...Reactive} variants return a
 * {@code Mono} that does nothing until subscribed and reports failures to its subscriber. The
 * starter declares one; inject it.
 */
public interface CometTemplate {

	/**
	 * Publish data on a broadcast channel, to every subscriber on every node.
	 * @param channel the channel, such as {@code /stocks/ACME}
	 * @param data the data, converted to JSON by Jackson
	 */
	void publish(String channel, Object data);

	/**
	 * Publish data on a broadcast channel.
	 * @param channel the channel
	 * @param data the data
	 * @return a mono that publishes when subscribed and completes once the engine took the message
	 */
	Mono<Void> publishReactive(String channel, Object data);

	/**
	 * Deliver data to one session alone.
	 * @param session the session
	 * @param channel the channel the message appears on
	 * @param data the data
	 * @return whether the message was queued (the session is live and had room)
	 */
	boolean deliver(CometSession session, String channel, @Nullable Object data);

	/**
	 * Deliver data to one session alone, by its {@code clientId}. With a cluster engine, a session that
	 * does not live on this node gets it through the engine.
	 * @param clientId the session's client id
	 * @param channel the channel the message appears on
	 * @param data the data
	 * @return whether the message was queued on this node ({@code false} when it was forwarded)
	 */
	boolean deliver(String clientId, String channel, @Nullable Object data);

	/**
	 * Deliver data to every session of a user (every tab the user has open), by principal name. With a
	 * cluster engine, the user's sessions on the other nodes get it through the engine.
	 * @param user the principal name
	 * @param channel the channel the message appears on
	 * @param data the data
	 * @return how many sessions of this node it was queued for
	 */
	int deliverToUser(String user, String channel, @Nullable Object data);

	/**
	 * Deliver data to every session of a user.
	 * @param user the principal name
	 * @param channel the channel the message appears on
	 * @param data the data
	 * @return a mono of how many sessions it was queued for, delivering when subscribed
	 */
	Mono<Integer> deliverToUserReactive(String user, String channel, @Nullable Object data);

	/**
	 * Subscribe on the server side to the broadcast channels matching a pattern.
	 * @param pattern a channel pattern, such as {@code /stocks/**} or {@code /chat/{room}}
	 * @return the messages published on matching channels from now on, until the subscriber cancels;
	 * a subscriber that falls behind loses the oldest messages beyond the session queue size
	 */
	Flux<Message> subscribe(String pattern);

}
