package io.github.cometdboot.programmingmodel;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A healthy session that must go on receiving whatever others send: a CometD Java client (long-polling,
 * its own browser) subscribed to {@link #CHANNEL}, and a second one publishing numbered messages to it.
 * Each message carries a token no fuzzed input knows, since fuzzed sessions may publish to the channel
 * too.
 */
final class Witness implements AutoCloseable {

	/** The channel the witness listens to. */
	static final String CHANNEL = "/witness/feed";

	private final JavaClientFactory clients;

	private final BayeuxClient receiver;

	private final BayeuxClient publisher;

	private final String receiverId;

	private final String publisherId;

	private final BlockingQueue<Message> received;

	private final String token = UUID.randomUUID().toString();

	private int published;

	/**
	 * Connect the witness and its publisher, and subscribe the witness.
	 * @param port the server's port
	 */
	Witness(int port) throws Exception {
		this.clients = new JavaClientFactory(port);
		this.receiver = this.clients.connected(null);
		this.publisher = this.clients.connected(null);
		this.receiverId = this.receiver.getId();
		this.publisherId = this.publisher.getId();
		this.received = JavaClientFactory.subscribe(this.receiver, CHANNEL);
	}

	/** @return the witness's {@code clientId} */
	String clientId() {
		return this.receiverId;
	}

	/** @return the publisher's {@code clientId} */
	String publisherId() {
		return this.publisherId;
	}

	/** @return how many numbered messages the witness received, all of them in order */
	int published() {
		return this.published;
	}

	/**
	 * Publish the next numbered message and wait until the witness has it: it must be the next one, so
	 * that none is lost, repeated or out of order.
	 */
	void publishAndReceiveNext() throws Exception {
		int number = this.published;
		Message reply = JavaClientFactory.publish(this.publisher, CHANNEL, Map.of("token", this.token, "n", number));
		assertThat(reply.isSuccessful()).as("publish %d: %s", number, reply).isTrue();
		while (true) {
			Message message = this.received.poll(JavaClientFactory.WAIT_SECONDS, TimeUnit.SECONDS);
			assertThat(message).as("message %d reaches the witness", number).isNotNull();
			if (message.getData() instanceof Map<?, ?> data && this.token.equals(data.get("token"))) {
				assertThat(((Number) data.get("n")).intValue()).as("the next message, none lost nor repeated").isEqualTo(number);
				this.published++;
				return;
			}
			// Published by a fuzzed session of its own, which may publish to any channel.
		}
	}

	/** Assert that neither client lost its session nor had to handshake again. */
	void assertSessionsKept() {
		assertThat(this.receiver.isConnected()).as("the witness is connected").isTrue();
		assertThat(this.receiver.getId()).as("the witness kept its session").isEqualTo(this.receiverId);
		assertThat(this.publisher.getId()).as("the publisher kept its session").isEqualTo(this.publisherId);
	}

	@Override
	public void close() throws Exception {
		this.clients.close();
	}

}
