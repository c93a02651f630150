package io.github.cometdboot.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.session.EncodedMessage;
import io.github.cometdboot.server.Recipient;
import org.jspecify.annotations.Nullable;

/**
 * One event of the bus stream, as the fields of a Redis Stream entry: a publication on a channel, or
 * a message addressed to a session or to a user's sessions. The message travels as the JSON the
 * publishing node encoded.
 *
 * @param type {@code publish}, {@code client}, {@code user}, or {@code takeover} (a node took a
 * session over; no message) or {@code subscribe} (subscriptions made on a node that lost the session
 * meanwhile, for its new owner)
 * @param channel the channel name; for a takeover, the nonce that tells its node which claim it ends;
 * for subscriptions, the JSON of each subscription with the bus id from which it counts
 * @param json the message JSON
 * @param origin the id of the node that added it
 * @param target the publisher's client id for a publication (may be absent), else the client id or
 * user name it is addressed to
 */
record BusEntry(String type, String channel, String json, String origin, @Nullable String target) {

	static final String PUBLISH = "publish";

	static final String CLIENT = "client";

	static final String USER = "user";

	static final String TAKEOVER = "takeover";

	static final String SUBSCRIBE = "subscribe";

	private static final String TYPE = "t";

	private static final String CHANNEL = "c";

	private static final String JSON = "m";

	private static final String ORIGIN = "o";

	private static final String TARGET = "to";

	static BusEntry publish(EncodedMessage message, @Nullable String publisherId, String origin) {
		return new BusEntry(PUBLISH, message.channel().name(), json(message), origin, publisherId);
	}

	static BusEntry forward(Recipient recipient, EncodedMessage message, String origin) {
		return new BusEntry((recipient.kind() == Recipient.Kind.USER) ? USER : CLIENT, message.channel().name(),
				json(message), origin, recipient.id());
	}

	static BusEntry takeover(String clientId, String nonce, String origin) {
		return new BusEntry(TAKEOVER, nonce, "", origin, clientId);
	}

	static BusEntry subscriptions(String clientId, String subscriptionsJson, String origin) {
		return new BusEntry(SUBSCRIBE, subscriptionsJson, "", origin, clientId);
	}

	/**
	 * Read an entry's fields.
	 * @return the entry, or {@code null} when a field is missing (an entry written by something else)
	 */
	static @Nullable BusEntry of(Map<String, String> fields) {
		String type = fields.get(TYPE);
		String channel = fields.get(CHANNEL);
		String json = fields.get(JSON);
		String origin = fields.get(ORIGIN);
		if (type == null || channel == null || json == null || origin == null) {
			return null;
		}
		return new BusEntry(type, channel, json, origin, fields.get(TARGET));
	}

	Map<String, String> fields() {
		Map<String, String> fields = new HashMap<>(8);
		fields.put(TYPE, this.type);
		fields.put(CHANNEL, this.channel);
		fields.put(JSON, this.json);
		fields.put(ORIGIN, this.origin);
		if (this.target != null) {
			fields.put(TARGET, this.target);
		}
		return fields;
	}

	/** @return the recipient of an addressed entry, or {@code null} for a publication */
	@Nullable Recipient recipient() {
		if (this.target == null || !(CLIENT.equals(this.type) || USER.equals(this.type))) {
			return null;
		}
		return USER.equals(this.type) ? Recipient.user(this.target) : Recipient.client(this.target);
	}

	EncodedMessage message(MessageCodec codec) {
		byte[] bytes = this.json.getBytes(StandardCharsets.UTF_8);
		List<Message> decoded = codec.decode(bytes);
		return new EncodedMessage(ChannelId.of(this.channel), decoded.get(0), bytes);
	}

	private static String json(EncodedMessage message) {
		return new String(message.json(), StandardCharsets.UTF_8);
	}

}
