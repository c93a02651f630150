package io.github.cometdboot.benchmark.load;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One simulated Bayeux client: it handshakes, keeps a {@code /meta/connect} going, subscribes to its
 * room, publishes probes when the pacer tells it to, and books every probe it receives.
 * <p>
 * Subclasses speak one transport; this class holds what the transports share.
 */
public abstract class BayeuxClient {

	/** How long a handshake, subscribe or disconnect may take before it counts as an error. */
	protected static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

	private final int index;

	private final String room;

	private final Ledger ledger;

	private final Ledger.Inbox inbox = new Ledger.Inbox();

	private volatile @Nullable String clientId;

	private volatile boolean running = true;

	/**
	 * @param index the client's index, which is also its publisher id in probes
	 * @param room the channel it subscribes to and publishes on
	 * @param ledger the run's books
	 */
	protected BayeuxClient(int index, String room, Ledger ledger) {
		this.index = index;
		this.room = room;
		this.ledger = ledger;
	}

	/**
	 * Handshake, start the connect loop and subscribe to the room.
	 * @return a mono that completes when the subscription is confirmed
	 */
	public abstract Mono<Void> start();

	/**
	 * Send a request without waiting for its reply; the reply is read like any other message.
	 * @param json the request array
	 */
	protected abstract void send(String json);

	/**
	 * Stop the connect loop and disconnect.
	 * @return a mono that completes when the client is gone
	 */
	public abstract Mono<Void> stop();

	/**
	 * Go away without a disconnect, as a closed laptop does: the server must prune the session itself.
	 */
	public abstract void vanish();

	/**
	 * Publish one probe on the room.
	 * @param sequence the sequence number
	 * @param sentNanos when it was due, by the ledger's clock
	 * @param padding filler for the configured message size
	 */
	public void publish(long sequence, long sentNanos, String padding) {
		String id = this.clientId;
		if (id == null) {
			this.ledger.error("publish before handshake");
			return;
		}
		send(Wire.publish(id, this.room, this.index, sequence, sentNanos, padding));
	}

	/**
	 * Book what a response or frame carried: probes go to the ledger, failures are counted.
	 * @param messages the messages
	 */
	protected void onMessages(List<Received> messages) {
		for (Received message : messages) {
			if (message.isProbe()) {
				this.ledger.delivered(this.inbox, message);
			}
			else if (message.isFailure() && !(message.channel().equals("/meta/connect") && !this.running)) {
				this.ledger.error(message.channel() + " " + message.error());
			}
		}
	}

	/**
	 * Find the reply on a meta channel in a batch.
	 * @param messages the batch
	 * @param channel the meta channel
	 * @return the reply, or {@code null}
	 */
	protected static @Nullable Received replyOn(List<Received> messages, String channel) {
		for (Received message : messages) {
			if (message.successful() != null && message.channel().equals(channel)) {
				return message;
			}
		}
		return null;
	}

	/** @return the client's index */
	public int index() {
		return this.index;
	}

	/** @return the room channel */
	public String room() {
		return this.room;
	}

	/** @return the run's books */
	protected Ledger ledger() {
		return this.ledger;
	}

	/** @return what this client received */
	public Ledger.Inbox inbox() {
		return this.inbox;
	}

	/** @return the session id, once handshaken */
	protected @Nullable String clientId() {
		return this.clientId;
	}

	/**
	 * @param clientId the session id the handshake returned
	 */
	protected void clientId(String clientId) {
		this.clientId = clientId;
	}

	/** @return whether the connect loop should go on */
	protected boolean isRunning() {
		return this.running;
	}

	/** Make the connect loop end with the current connect. */
	protected void halt() {
		this.running = false;
	}

}
