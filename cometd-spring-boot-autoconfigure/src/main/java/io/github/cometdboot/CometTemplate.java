package io.github.cometdboot;

import io.github.cometdboot.bayeux.Message;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.Recipient;
import io.github.cometdboot.server.ServerSession;
import io.github.cometdboot.support.ClientFailureLog;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pushes messages from application code, on any thread, outside any request: to every subscriber of
 * a channel, to one session, or to every session of a user; and subscribes on the server side.
 * <p>
 * The plain methods act at once and log failures; the {@code ...Reactive} variants return a
 * {@code Mono} that does nothing until subscribed and reports failures to its subscriber.
 */
public class CometTemplate {

	/** Channels are often built from what clients send (a room name), so the log escapes and limits them. */
	private final ClientFailureLog failures = new ClientFailureLog(LoggerFactory.getLogger(CometTemplate.class));

	private final BayeuxServer server;

	/**
	 * Create a template.
	 * @param server the Bayeux server
	 */
	public CometTemplate(BayeuxServer server) {
		this.server = server;
	}

	/**
	 * Publish data on a broadcast channel, to every subscriber on every node.
	 * @param channel the channel, such as {@code /stocks/ACME}
	 * @param data the data, converted to JSON by Jackson
	 */
	public void publish(String channel, Object data) {
		publishReactive(channel, data).subscribe(null, (ex) -> this.failures.warn(ex, "Publish on {} failed", channel));
	}

	/**
	 * Publish data on a broadcast channel.
	 * @param channel the channel
	 * @param data the data
	 * @return a mono that publishes when subscribed and completes once the engine took the message
	 */
	public Mono<Void> publishReactive(String channel, Object data) {
		return this.server.publish(channel, data);
	}

	/**
	 * Deliver data to one session alone.
	 * @param session the session
	 * @param channel the channel the message appears on
	 * @param data the data
	 * @return whether the message was queued (the session is live and had room)
	 */
	public boolean deliver(ServerSession session, String channel, @Nullable Object data) {
		return this.server.deliver(session, channel, data);
	}

	/**
	 * Deliver data to one session alone, by its {@code clientId}. With a cluster engine, a session that
	 * does not live on this node gets it through the engine.
	 * @param clientId the session's client id
	 * @param channel the channel the message appears on
	 * @param data the data
	 * @return whether the message was queued on this node ({@code false} when it was forwarded)
	 */
	public boolean deliver(String clientId, String channel, @Nullable Object data) {
		return this.server.deliver(Recipient.client(clientId), channel, data) > 0;
	}

	/**
	 * Deliver data to every session of a user (every tab the user has open), by principal name. With a
	 * cluster engine, the user's sessions on the other nodes get it through the engine.
	 * @param user the principal name
	 * @param channel the channel the message appears on
	 * @param data the data
	 * @return how many sessions of this node it was queued for
	 */
	public int deliverToUser(String user, String channel, @Nullable Object data) {
		return this.server.deliver(Recipient.user(user), channel, data);
	}

	/**
	 * Deliver data to every session of a user.
	 * @param user the principal name
	 * @param channel the channel the message appears on
	 * @param data the data
	 * @return a mono of how many sessions it was queued for, delivering when subscribed
	 */
	public Mono<Integer> deliverToUserReactive(String user, String channel, @Nullable Object data) {
		return Mono.fromSupplier(() -> deliverToUser(user, channel, data));
	}

	/**
	 * Subscribe on the server side to the broadcast channels matching a pattern.
	 * @param pattern a channel pattern, such as {@code /stocks/**} or {@code /chat/{room}}
	 * @return the messages published on matching channels from now on, until the subscriber cancels;
	 * a subscriber that falls behind loses the oldest messages beyond the session queue size
	 */
	public Flux<Message> subscribe(String pattern) {
		return this.server.subscribe(pattern);
	}

}
