package io.github.cometdboot.benchmark.floor;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Bayeux messages the floor server sends: replies and delivered messages, as Jackson trees.
 */
final class Replies {

	/** The connection types offered in the handshake reply. */
	static final List<String> CONNECTION_TYPES = List.of("websocket", "long-polling");

	private final JsonMapper mapper;

	Replies(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * @param replies messages
	 * @return an array of them, as one request's replies or one frame's messages
	 */
	ArrayNode batch(ObjectNode... replies) {
		ArrayNode batch = this.mapper.createArrayNode();
		for (ObjectNode reply : replies) {
			batch.add(reply);
		}
		return batch;
	}

	/**
	 * @param replies messages
	 * @return an array of them
	 */
	ArrayNode batch(List<ObjectNode> replies) {
		return batch(replies.toArray(ObjectNode[]::new));
	}

	/**
	 * @param channel the request's channel
	 * @param id the request's {@code id}, if any
	 * @return a successful reply
	 */
	ObjectNode success(String channel, @Nullable JsonNode id) {
		ObjectNode reply = this.mapper.createObjectNode();
		reply.put("channel", channel);
		reply.put("successful", true);
		if (id != null) {
			reply.set("id", id);
		}
		return reply;
	}

	/**
	 * @param channel the request's channel
	 * @param id the request's {@code id}, if any
	 * @param error the Bayeux error, {@code code::message}
	 * @return a failed reply
	 */
	ObjectNode failure(String channel, @Nullable JsonNode id, String error) {
		ObjectNode reply = success(channel, id);
		reply.put("successful", false);
		reply.put("error", error);
		return reply;
	}

	/**
	 * @param channel the request's channel
	 * @param id the request's {@code id}, if any
	 * @return the reply to a request from a session this server does not know: handshake again
	 */
	ObjectNode unknownClient(String channel, @Nullable JsonNode id) {
		ObjectNode reply = failure(channel, id, "402::Unknown client");
		reply.putObject("advice").put("reconnect", "handshake").put("interval", 0);
		return reply;
	}

	/**
	 * @param clientId the new session's id
	 * @param id the request's {@code id}, if any
	 * @return the reply to a successful handshake
	 */
	ObjectNode handshake(String clientId, @Nullable JsonNode id) {
		ObjectNode reply = success("/meta/handshake", id);
		reply.put("clientId", clientId);
		reply.put("version", "1.0");
		ArrayNode types = reply.putArray("supportedConnectionTypes");
		CONNECTION_TYPES.forEach(types::add);
		reply.putObject("advice")
			.put("reconnect", "retry")
			.put("interval", 0)
			.put("timeout", Session.CONNECT_TIMEOUT_MILLIS);
		return reply;
	}

	/**
	 * @param id the request's {@code id}, if any
	 * @return a successful {@code /meta/connect} reply
	 */
	ObjectNode connected(@Nullable JsonNode id) {
		return success("/meta/connect", id);
	}

	/**
	 * @param channel the channel published to
	 * @param id the publish's {@code id}, if any
	 * @param data the publish's data
	 * @return the message delivered to subscribers
	 */
	ObjectNode delivery(String channel, @Nullable JsonNode id, @Nullable JsonNode data) {
		ObjectNode message = this.mapper.createObjectNode();
		message.put("channel", channel);
		if (id != null) {
			message.set("id", id);
		}
		if (data != null) {
			message.set("data", data);
		}
		return message;
	}

}
