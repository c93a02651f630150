package io.github.cometdboot.benchmark.load;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One simulated Bayeux client: it handshakes, keeps a {@code /meta/connect} going, subscribes to its
 * room, publishes probes when the pacer tells it to, and books every probe it receives.
 * <p>
 * Subclasses speak one transport, with this generator's own wire code ({@link WireClient}) or with
 * another client library ({@link CometdJavaClient}); this class holds what they share.
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
	 * Stop the connect loop and disconnect.
	 * @return a mono that completes when the client is gone
	 */
	public abstract Mono<Void> stop();

	/**
	 * Go away without a disconnect, as a closed laptop does: the server must prune the session itself.
	 */
	public abstract void vanish();

	/**
	 * Publish one probe.
	 * @param channel the room to publish on: this client's own, or any with {@code --publish-to=all}
	 * @param stream the probe stream, which the probe names as its publisher (see {@link LoadOptions#streams()})
	 * @param sequence the sequence number within the stream
	 * @param sentNanos when it was due, by the ledger's clock
	 * @param padding filler for the configured message size
	 */
	public abstract void publish(String channel, int stream, long sequence, long sentNanos, String padding);

	/**
	 * Book a delivered probe.
	 * @param message the probe
	 */
	protected void delivered(Received message) {
		this.ledger.delivered(this.inbox, message);
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
