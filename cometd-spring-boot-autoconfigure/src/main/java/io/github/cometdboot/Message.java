package io.github.cometdboot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A Bayeux message: a JSON object with well-known fields ({@code channel}, {@code clientId},
 * {@code id}, {@code data}, {@code ext}, {@code advice}, {@code successful}, {@code error}, ...)
 * and whatever else the client or an extension put in it.
 * <p>
 * Messages are mutable and not thread-safe: one is built or decoded on one thread, then handed over.
 */
public final class Message {

	/** Field {@code channel}. */
	public static final String CHANNEL = "channel";

	/** Field {@code clientId}. */
	public static final String CLIENT_ID = "clientId";

	/** Field {@code id}. */
	public static final String ID = "id";

	/** Field {@code data}. */
	public static final String DATA = "data";

	/** Field {@code ext}. */
	public static final String EXT = "ext";

	/** Field {@code advice}. */
	public static final String ADVICE = "advice";

	/** Field {@code successful}. */
	public static final String SUCCESSFUL = "successful";

	/** Field {@code error}. */
	public static final String ERROR = "error";

	/** Field {@code subscription}. */
	public static final String SUBSCRIPTION = "subscription";

	/** Field {@code version}. */
	public static final String VERSION = "version";

	/** Field {@code minimumVersion}. */
	public static final String MINIMUM_VERSION = "minimumVersion";

	/** Field {@code supportedConnectionTypes}. */
	public static final String SUPPORTED_CONNECTION_TYPES = "supportedConnectionTypes";

	/** Field {@code connectionType}. */
	public static final String CONNECTION_TYPE = "connectionType";

	private final Map<String, Object> fields;

	/** Create an empty message. */
	public Message() {
		this.fields = new LinkedHashMap<>();
	}

	/**
	 * Create a message holding a copy of the given fields.
	 * @param fields the fields
	 */
	public Message(Map<String, ?> fields) {
		this.fields = new LinkedHashMap<>(fields);
	}

	/**
	 * Create a message on the given channel.
	 * @param channel the channel name
	 * @return the message
	 */
	public static Message on(String channel) {
		Message message = new Message();
		message.put(CHANNEL, channel);
		return message;
	}

	/** @return the live map of fields, in the order they will be written */
	public Map<String, Object> fields() {
		return this.fields;
	}

	/**
	 * Read a field.
	 * @param name the field name
	 * @return the value or {@code null}
	 */
	public @Nullable Object get(String name) {
		return this.fields.get(name);
	}

	/**
	 * Set a field; a {@code null} value removes it.
	 * @param name the field name
	 * @param value the value
	 * @return this message
	 */
	public Message put(String name, @Nullable Object value) {
		if (value == null) {
			this.fields.remove(name);
		}
		else {
			this.fields.put(name, value);
		}
		return this;
	}

	/** @return the {@code channel} field when it is a string, else {@code null} */
	public @Nullable String channel() {
		return string(CHANNEL);
	}

	/** @return the {@code clientId} field when it is a string, else {@code null} */
	public @Nullable String clientId() {
		return string(CLIENT_ID);
	}

	/**
	 * The {@code id} field as the client sent it. Clients send strings; a number is tolerated and
	 * echoed as it came.
	 * @return the id or {@code null}
	 */
	public @Nullable Object id() {
		return this.fields.get(ID);
	}

	/** @return the {@code data} field */
	public @Nullable Object data() {
		return this.fields.get(DATA);
	}

	/** @return the {@code ext} object, or {@code null} when absent or not an object */
	public @Nullable Map<String, Object> ext() {
		return object(EXT);
	}

	/** @return the {@code advice} object, or {@code null} when absent or not an object */
	public @Nullable Map<String, Object> advice() {
		return object(ADVICE);
	}

	/**
	 * Read a field that must be a string.
	 * @param name the field name
	 * @return the string, or {@code null} when absent or of another type
	 */
	public @Nullable String string(String name) {
		return (this.fields.get(name) instanceof String value) ? value : null;
	}

	/**
	 * Read a field that must be a JSON object.
	 * @param name the field name
	 * @return the object, or {@code null} when absent or of another type
	 */
	@SuppressWarnings("unchecked")
	public @Nullable Map<String, Object> object(String name) {
		return (this.fields.get(name) instanceof Map<?, ?> value) ? (Map<String, Object>) value : null;
	}

	/**
	 * Start a reply to this message: same channel, same {@code id}.
	 * @return a new message
	 */
	public Message reply() {
		Message reply = new Message();
		reply.put(ID, id());
		reply.put(CHANNEL, channel());
		return reply;
	}

	@Override
	public String toString() {
		return this.fields.toString();
	}

}
