package io.github.cometdboot.benchmark.load;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A client that writes its requests with {@link Wire} and reads every response or frame with it:
 * this generator's own Bayeux code, as lean as the load client can be.
 */
public abstract class WireClient extends BayeuxClient {

	/**
	 * @param index the client's index, which is also its publisher id in probes
	 * @param room the channel it subscribes to and publishes on
	 * @param ledger the run's books
	 */
	protected WireClient(int index, String room, Ledger ledger) {
		super(index, room, ledger);
	}

	/**
	 * Send a request without waiting for its reply; the reply is read like any other message.
	 * @param json the request array
	 */
	protected abstract void send(String json);

	@Override
	public void publish(String channel, int stream, long sequence, long sentNanos, String padding) {
		String id = clientId();
		if (id == null) {
			ledger().error("publish before handshake");
			return;
		}
		send(Wire.publish(id, channel, stream, sequence, sentNanos, padding));
	}

	/**
	 * Book what a response or frame carried: probes go to the ledger, failures are counted.
	 * @param messages the messages
	 */
	protected void onMessages(List<Received> messages) {
		for (Received message : messages) {
			if (message.isProbe()) {
				delivered(message);
			}
			else if (message.isFailure() && !(message.channel().equals("/meta/connect") && !isRunning())) {
				ledger().error(message.channel() + " " + message.error());
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

}
