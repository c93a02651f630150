package io.github.cometdboot.bayeux;

import io.github.cometdboot.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes Bayeux messages as JSON with Jackson.
 * <p>
 * A request is a JSON array of message objects; a bare object is accepted too. Writing is split so
 * that a published message is encoded once ({@link #encode(Message)}) and the same bytes are joined
 * into the array of every recipient ({@link #joinArray(List)}).
 */
public final class MessageCodec {

	private static final byte[] EMPTY_ARRAY = { '[', ']' };

	private final JsonMapper mapper;

	/** Create a codec with a default {@link JsonMapper}. */
	public MessageCodec() {
		this(JsonMapper.builder().build());
	}

	/**
	 * Create a codec with the given mapper.
	 * @param mapper the Jackson mapper
	 */
	public MessageCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** @return the Jackson mapper, for converting message data to application types */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Decode a request body or frame.
	 * @param json UTF-8 JSON
	 * @return the messages in order
	 * @throws MalformedMessageException if it is not JSON, not an array or object of messages, holds a
	 * number that is not finite, or is a batch that {@link BatchRules} refuses as a whole
	 */
	public List<Message> decode(byte[] json) {
		return toMessages(parse(() -> this.mapper.readValue(json, Object.class)));
	}

	/**
	 * Decode a request from a string (JSONP parameters, text frames).
	 * @param json the JSON text
	 * @return the messages in order
	 * @throws MalformedMessageException as {@link #decode(byte[])}
	 */
	public List<Message> decode(String json) {
		return toMessages(parse(() -> this.mapper.readValue(json, Object.class)));
	}

	/** Jackson's failure to read JSON becomes the protocol's: the transports answer it with a 400. */
	private static Object parse(Supplier<Object> reader) {
		try {
			return reader.get();
		}
		catch (JacksonException ex) {
			throw new MalformedMessageException("Malformed JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Message> toMessages(Object value) {
		if (!FiniteNumbers.in(value)) {
			throw new MalformedMessageException("Expected finite numbers only", null);
		}
		if (value instanceof Map<?, ?> single) {
			return List.of(new Message((Map<String, ?>) single));
		}
		if (!(value instanceof List<?> list)) {
			throw new MalformedMessageException("Expected a JSON array of messages", null);
		}
		List<Message> messages = new ArrayList<>(list.size());
		for (Object element : list) {
			if (!(element instanceof Map<?, ?> map)) {
				throw new MalformedMessageException("Expected every element to be a message object", null);
			}
			messages.add(new Message((Map<String, ?>) map));
		}
		BatchRules.check(messages);
		return Collections.unmodifiableList(messages);
	}

	/**
	 * Encode one message to UTF-8 JSON.
	 * @param message the message
	 * @return the JSON bytes
	 */
	public byte[] encode(Message message) {
		return this.mapper.writeValueAsBytes(message.fields());
	}

	/**
	 * Encode any value (message data, a list of messages) to UTF-8 JSON.
	 * @param value the value
	 * @return the JSON bytes
	 */
	public byte[] encodeValue(Object value) {
		return this.mapper.writeValueAsBytes(value);
	}

	/**
	 * Encode the answer to a request that could not be processed at all (malformed, too large): a JSON
	 * array of one unsuccessful reply.
	 * @param error the Bayeux error string
	 * @return the JSON array bytes
	 */
	public byte[] encodeError(String error) {
		Message reply = new Message().put(Message.SUCCESSFUL, false).put(Message.ERROR, error);
		return encodeValue(List.of(reply.fields()));
	}

	/**
	 * Join already encoded messages into one JSON array without re-encoding them.
	 * @param encodedMessages the encoded messages
	 * @return the JSON array bytes
	 */
	public static byte[] joinArray(List<byte[]> encodedMessages) {
		if (encodedMessages.isEmpty()) {
			return EMPTY_ARRAY.clone();
		}
		int size = 1 + encodedMessages.size();
		for (byte[] message : encodedMessages) {
			size += message.length;
		}
		byte[] array = new byte[size];
		array[0] = '[';
		int at = 1;
		for (byte[] message : encodedMessages) {
			System.arraycopy(message, 0, array, at, message.length);
			at += message.length;
			array[at++] = ',';
		}
		// The separator after the last message becomes the closing bracket.
		array[size - 1] = ']';
		return array;
	}

}
