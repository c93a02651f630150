package io.github.cometdboot.benchmark.load;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The Bayeux messages the load generator writes, and a streaming reader for what it receives.
 * <p>
 * Writing is plain string building and reading walks tokens without building a tree: the load client
 * shares two cores with the server, so every cycle it saves is one the server can use.
 */
public final class Wire {

	private static final JsonFactory FACTORY = new JsonFactory();

	private Wire() {
	}

	/**
	 * @param connectionType the only connection type offered
	 * @return a handshake request array
	 */
	public static String handshake(String connectionType) {
		return "[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"minimumVersion\":\"1.0\","
				+ "\"supportedConnectionTypes\":[\"" + connectionType + "\"],\"id\":\"1\"}]";
	}

	/**
	 * @param clientId the session
	 * @param connectionType the connection type
	 * @param immediate whether to ask for an immediate answer ({@code advice.timeout: 0}), as clients
	 * do on their first connect
	 * @return a connect request array
	 */
	public static String connect(String clientId, String connectionType, boolean immediate) {
		return "[{\"channel\":\"/meta/connect\",\"clientId\":\"" + clientId + "\",\"connectionType\":\""
				+ connectionType + "\"" + (immediate ? ",\"advice\":{\"timeout\":0}" : "") + "}]";
	}

	/**
	 * @param clientId the session
	 * @param channel the channel to subscribe to
	 * @return a subscribe request array
	 */
	public static String subscribe(String clientId, String channel) {
		return "[{\"channel\":\"/meta/subscribe\",\"clientId\":\"" + clientId + "\",\"subscription\":\"" + channel
				+ "\"}]";
	}

	/**
	 * @param clientId the session
	 * @return a disconnect request array
	 */
	public static String disconnect(String clientId) {
		return "[{\"channel\":\"/meta/disconnect\",\"clientId\":\"" + clientId + "\"}]";
	}

	/**
	 * A publish whose data carries the probe the receivers check: publisher, sequence and due time.
	 * @param clientId the session
	 * @param channel the channel
	 * @param publisher the probe stream (the publishing client when it publishes on its room only)
	 * @param sequence its sequence number
	 * @param sentNanos when it was due, from the run's origin
	 * @param padding filler that brings the message to the configured size
	 * @return a publish request array
	 */
	public static String publish(String clientId, String channel, int publisher, long sequence, long sentNanos,
			String padding) {
		return "[{\"channel\":\"" + channel + "\",\"clientId\":\"" + clientId + "\",\"id\":\"" + sequence
				+ "\",\"data\":{\"p\":" + publisher + ",\"s\":" + sequence + ",\"t\":" + sentNanos + ",\"x\":\"" + padding
				+ "\"}}]";
	}

	/**
	 * Read a response body or frame: a JSON array of messages, or a single message.
	 * @param json UTF-8 JSON
	 * @return the messages
	 */
	public static List<Received> read(byte[] json) {
		List<Received> result = new ArrayList<>();
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
			JsonToken token = parser.nextToken();
			if (token == JsonToken.START_OBJECT) {
				result.add(readMessage(parser));
			}
			else if (token == JsonToken.START_ARRAY) {
				while (parser.nextToken() == JsonToken.START_OBJECT) {
					result.add(readMessage(parser));
				}
			}
		}
		return result;
	}

	private static Received readMessage(JsonParser parser) {
		String channel = "";
		Boolean successful = null;
		String clientId = null;
		String error = null;
		String reconnect = null;
		long[] probe = { -1, -1, -1 };
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken value = parser.nextToken();
			switch (name) {
				case "channel" -> channel = parser.getString();
				case "successful" -> successful = value == JsonToken.VALUE_TRUE;
				case "clientId" -> clientId = textOrNull(parser, value);
				case "error" -> error = textOrNull(parser, value);
				case "advice" -> reconnect = readReconnect(parser, value);
				case "data" -> readProbe(parser, value, probe);
				default -> parser.skipChildren();
			}
		}
		return new Received(channel, successful, clientId, error, reconnect, (int) probe[0], probe[1], probe[2]);
	}

	private static @Nullable String textOrNull(JsonParser parser, JsonToken value) {
		return (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
	}

	private static @Nullable String readReconnect(JsonParser parser, JsonToken value) {
		if (value != JsonToken.START_OBJECT) {
			parser.skipChildren();
			return null;
		}
		String reconnect = null;
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken field = parser.nextToken();
			if (name.equals("reconnect") && field == JsonToken.VALUE_STRING) {
				reconnect = parser.getString();
			}
			else {
				parser.skipChildren();
			}
		}
		return reconnect;
	}

	private static void readProbe(JsonParser parser, JsonToken value, long[] probe) {
		if (value != JsonToken.START_OBJECT) {
			parser.skipChildren();
			return;
		}
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken field = parser.nextToken();
			int index = switch (name) {
				case "p" -> 0;
				case "s" -> 1;
				case "t" -> 2;
				default -> -1;
			};
			if (index >= 0 && field == JsonToken.VALUE_NUMBER_INT) {
				probe[index] = parser.getLongValue();
			}
			else {
				parser.skipChildren();
			}
		}
	}

}
