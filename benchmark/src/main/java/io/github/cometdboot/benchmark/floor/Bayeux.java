package io.github.cometdboot.benchmark.floor;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The floor server's Bayeux: sessions, subscriptions and publishing, shared by both transports. The
 * transports handle {@code /meta/connect} themselves; every other message goes through
 * {@link #handle}.
 */
final class Bayeux {

	private final JsonMapper mapper;

	private final Encoding encoding;

	private final Replies replies;

	private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Subscribers> channels = new ConcurrentHashMap<>();

	/**
	 * @param mapper the JSON mapper for requests and replies
	 */
	Bayeux(JsonMapper mapper) {
		this.mapper = mapper;
		this.encoding = new Encoding(mapper);
		this.replies = new Replies(mapper);
	}

	/** @return the encoding of replies */
	Encoding encoding() {
		return this.encoding;
	}

	/** @return the builder of replies */
	Replies replies() {
		return this.replies;
	}

	/**
	 * Parse a request body or frame: an array of messages, or one message.
	 * @param content UTF-8 JSON
	 * @return the messages
	 * @throws IllegalArgumentException if it is neither
	 */
	List<JsonNode> parse(ByteBuf content) {
		JsonNode root;
		try (InputStream in = new ByteBufInputStream(content.duplicate())) {
			root = this.mapper.readTree(in);
		}
		catch (java.io.IOException | RuntimeException ex) {
			throw new IllegalArgumentException("not JSON", ex);
		}
		List<JsonNode> messages = new ArrayList<>(Math.max(1, root.size()));
		if (root.isObject()) {
			messages.add(root);
		}
		else if (root.isArray()) {
			for (JsonNode message : root) {
				if (!message.isObject()) {
					throw new IllegalArgumentException("not a message: " + message);
				}
				messages.add(message);
			}
		}
		else {
			throw new IllegalArgumentException("neither a message nor an array of messages");
		}
		return messages;
	}

	/**
	 * @param message a message
	 * @return its {@code channel}, empty when it has none
	 */
	static String channelOf(JsonNode message) {
		return message.path("channel").asString("");
	}

	/**
	 * @param connect a {@code /meta/connect}
	 * @return whether it asks to be answered at once ({@code advice.timeout} 0, as a first connect does)
	 */
	static boolean asksImmediateReply(JsonNode connect) {
		return connect.path("advice").path("timeout").asLong(-1) == 0;
	}

	/**
	 * @param message a message
	 * @return the session its {@code clientId} names, or {@code null}
	 */
	@Nullable Session session(JsonNode message) {
		String clientId = message.path("clientId").asString("");
		return clientId.isEmpty() ? null : this.sessions.get(clientId);
	}

	/**
	 * Handle a message other than {@code /meta/connect}.
	 * @param message the message
	 * @param newSession makes the session of a handshake, for the calling transport
	 * @param alloc the allocator for a publication's bytes
	 * @return the reply
	 */
	ObjectNode handle(JsonNode message, Function<String, Session> newSession, ByteBufAllocator alloc) {
		String channel = channelOf(message);
		JsonNode id = message.get("id");
		if (channel.equals("/meta/handshake")) {
			return handshake(id, newSession);
		}
		Session session = session(message);
		if (session == null) {
			return this.replies.unknownClient(channel, id);
		}
		return switch (channel) {
			case "/meta/subscribe" -> subscribe(session, message, id);
			case "/meta/unsubscribe" -> unsubscribe(session, message, id);
			case "/meta/disconnect" -> {
				remove(session);
				yield this.replies.success(channel, id);
			}
			default -> channel.startsWith("/meta/") || !isPlain(channel)
					? this.replies.failure(channel, id, "400::unsupported channel")
					: publish(channel, message, id, alloc);
		};
	}

	private ObjectNode handshake(@Nullable JsonNode id, Function<String, Session> newSession) {
		Session session;
		do {
			String clientId = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
			session = newSession.apply(clientId);
		}
		while (this.sessions.putIfAbsent(session.id(), session) != null);
		return this.replies.handshake(session.id(), id);
	}

	private ObjectNode subscribe(Session session, JsonNode message, @Nullable JsonNode id) {
		String subscription = message.path("subscription").asString("");
		if (!isPlain(subscription) || subscription.startsWith("/meta/") || subscription.startsWith("/service/")) {
			return this.replies.failure("/meta/subscribe", id, "403::unsupported subscription");
		}
		this.channels.computeIfAbsent(subscription, (name) -> new Subscribers()).add(session);
		session.subscriptions().add(subscription);
		return this.replies.success("/meta/subscribe", id).put("subscription", subscription);
	}

	private ObjectNode unsubscribe(Session session, JsonNode message, @Nullable JsonNode id) {
		String subscription = message.path("subscription").asString("");
		leave(session, subscription);
		session.subscriptions().remove(subscription);
		return this.replies.success("/meta/unsubscribe", id).put("subscription", subscription);
	}

	/**
	 * Encode the message once and hand it to every subscriber of exactly this channel; the service
	 * channels have none.
	 */
	private ObjectNode publish(String channel, JsonNode message, @Nullable JsonNode id, ByteBufAllocator alloc) {
		Subscribers subscribers = this.channels.get(channel);
		if (subscribers != null) {
			ObjectNode delivered = this.replies.delivery(channel, id, message.get("data"));
			Publication publication = new Publication(this.encoding.textFrame(alloc, this.replies.batch(delivered)));
			try {
				subscribers.deliver(publication);
			}
			finally {
				publication.release();
			}
		}
		return this.replies.success(channel, id);
	}

	/**
	 * Forget a session: its subscriptions go, its held connect is answered.
	 * @param session the session
	 */
	void remove(Session session) {
		if (!this.sessions.remove(session.id(), session)) {
			return;
		}
		for (String subscription : session.subscriptions()) {
			leave(session, subscription);
		}
		session.close();
	}

	private void leave(Session session, String channel) {
		Subscribers subscribers = this.channels.get(channel);
		if (subscribers != null) {
			subscribers.remove(session);
		}
	}

	/**
	 * Answer every held connect whose time is up.
	 * @param nowNanos {@link System#nanoTime()}
	 */
	void expire(long nowNanos) {
		for (Session session : this.sessions.values()) {
			session.expire(nowNanos);
		}
	}

	/** @return whether a channel name is one this server serves: absolute, without wildcards */
	private static boolean isPlain(String channel) {
		return channel.length() > 1 && channel.charAt(0) == '/' && channel.indexOf('*') < 0;
	}

}
