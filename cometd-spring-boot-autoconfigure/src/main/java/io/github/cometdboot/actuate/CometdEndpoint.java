package io.github.cometdboot.actuate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.cometdboot.ChannelKind;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.ServerChannel;
import io.github.cometdboot.server.ServerObserver.DropReason;
import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;

/**
 * The {@code cometd} actuator endpoint: {@code GET /actuator/cometd} for a summary,
 * {@code /actuator/cometd/channels} and {@code /actuator/cometd/sessions} for the lists,
 * {@code /actuator/cometd/channels/chat/lobby} or {@code /actuator/cometd/sessions/<clientId>} for one,
 * and {@code DELETE /actuator/cometd/sessions/<clientId>} to disconnect a session. The endpoint is
 * read-only by default: the delete needs {@code management.endpoint.cometd.access=unrestricted}.
 * <p>
 * A {@code clientId} is all a client needs to act for its session where the browser cookie is not
 * required, so the endpoint shows only its first characters unless told to reveal them (the
 * auto-configuration does with unrestricted access, when the operator also needs them to disconnect).
 */
@Endpoint(id = "cometd", defaultAccess = Access.READ_ONLY)
public class CometdEndpoint {

	private static final String CHANNELS = "channels";

	private static final String SESSIONS = "sessions";

	/** How many characters of a masked {@code clientId} are shown: 24 bits of its 192 or more. */
	private static final int SHOWN = 4;

	private final BayeuxServer server;

	private final boolean revealClientIds;

	/**
	 * Create the endpoint that masks client ids.
	 * @param server the Bayeux server
	 */
	public CometdEndpoint(BayeuxServer server) {
		this(server, false);
	}

	/**
	 * Create the endpoint.
	 * @param server the Bayeux server
	 * @param revealClientIds whether sessions are described with their whole {@code clientId}, rather
	 * than its first characters
	 */
	public CometdEndpoint(BayeuxServer server, boolean revealClientIds) {
		this.server = server;
		this.revealClientIds = revealClientIds;
	}

	/** @return the summary */
	@ReadOperation
	public Summary summary() {
		Map<String, Integer> byTransport = new TreeMap<>();
		int subscriptions = 0;
		for (ServerSession session : this.server.sessions().all()) {
			byTransport.merge(session.transport(), 1, Integer::sum);
			subscriptions += session.subscriptions().size();
		}
		Map<ChannelKind, Long> in = new EnumMap<>(ChannelKind.class);
		Map<ChannelKind, Long> out = new EnumMap<>(ChannelKind.class);
		for (ChannelKind kind : ChannelKind.values()) {
			in.put(kind, this.server.statistics().publishedCount(kind));
			out.put(kind, this.server.statistics().deliveredCount(kind));
		}
		Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
		for (DropReason reason : DropReason.values()) {
			dropped.put(reason, this.server.statistics().droppedCount(reason));
		}
		return new Summary(this.server.sessions().size(), byTransport, this.server.channels().size(), subscriptions,
				in, out, dropped, this.server.connectionTypes());
	}

	/**
	 * The channels or the sessions, or one of them.
	 * @param path {@code channels} or {@code sessions}, then optionally a channel name's segments or a
	 * client id
	 * @return the descriptors, or {@code null} (404) when there is no such collection or item
	 */
	@ReadOperation
	public @Nullable Object details(@Selector(match = Match.ALL_REMAINING) String[] path) {
		if (path.length == 0) {
			return null;
		}
		if (CHANNELS.equals(path[0])) {
			if (path.length == 1) {
				List<ChannelDescriptor> channels = new ArrayList<>();
				for (ServerChannel channel : this.server.channels().all()) {
					channels.add(ChannelDescriptor.of(channel));
				}
				channels.sort(Comparator.comparing(ChannelDescriptor::name));
				return channels;
			}
			ServerChannel channel = this.server.channels().find("/" + String.join("/", rest(path)));
			return (channel != null) ? ChannelDescriptor.of(channel) : null;
		}
		if (SESSIONS.equals(path[0])) {
			long now = this.server.now();
			if (path.length == 1) {
				List<SessionDescriptor> sessions = new ArrayList<>();
				for (ServerSession session : this.server.sessions().all()) {
					sessions.add(describe(session, now));
				}
				sessions.sort(Comparator.comparing(SessionDescriptor::ageMillis).reversed());
				return sessions;
			}
			ServerSession session = (path.length == 2) ? this.server.sessions().find(path[1]) : null;
			return (session != null) ? describe(session, now) : null;
		}
		return null;
	}

	/**
	 * Disconnect a session, as if the server ended it: its held connect is answered and the client
	 * handshakes again.
	 * @param collection must be {@code sessions}
	 * @param clientId the session's client id
	 * @return whether a session was disconnected
	 */
	@DeleteOperation
	public boolean disconnect(@Selector String collection, @Selector String clientId) {
		ServerSession session = SESSIONS.equals(collection) ? this.server.sessions().find(clientId) : null;
		if (session == null) {
			return false;
		}
		this.server.disconnect(session, DisconnectReason.SERVER);
		return true;
	}

	private SessionDescriptor describe(ServerSession session, long now) {
		String id = session.id();
		return SessionDescriptor.of(session,
				(this.revealClientIds || id.length() <= SHOWN) ? id : id.substring(0, SHOWN) + "…", now);
	}

	private static String[] rest(String[] path) {
		String[] rest = new String[path.length - 1];
		System.arraycopy(path, 1, rest, 0, rest.length);
		return rest;
	}

	/**
	 * The state of the hub.
	 *
	 * @param sessions live sessions
	 * @param sessionsByTransport live sessions by connection type
	 * @param channels channels with subscribers or recent traffic
	 * @param subscriptions subscriptions of all sessions
	 * @param messagesIn messages published, by channel kind
	 * @param messagesOut deliveries queued (a message for a session), by channel kind
	 * @param messagesDropped messages dropped, by reason
	 * @param transports the advertised connection types
	 */
	public record Summary(int sessions, Map<String, Integer> sessionsByTransport, int channels, int subscriptions,
			Map<ChannelKind, Long> messagesIn, Map<ChannelKind, Long> messagesOut,
			Map<DropReason, Long> messagesDropped, List<String> transports) {
	}

	/**
	 * A channel.
	 *
	 * @param name the channel name
	 * @param subscribers the number of subscribed sessions
	 * @param lastActivity the time of the last subscribe, unsubscribe or publish, in server milliseconds
	 */
	public record ChannelDescriptor(String name, int subscribers, long lastActivity) {

		static ChannelDescriptor of(ServerChannel channel) {
			return new ChannelDescriptor(channel.id().name(), channel.subscribers().size(), channel.lastActivity());
		}

	}

	/**
	 * A session.
	 *
	 * @param clientId the client id, or its first characters followed by {@code …} when masked
	 * @param transport the connection type of its latest request
	 * @param ageMillis how long ago it handshook
	 * @param queueSize messages waiting in its queue
	 * @param droppedMessages messages its queue dropped
	 * @param connectHeld whether a connect is held now
	 * @param user the authenticated user, if any
	 * @param subscriptions its subscriptions
	 */
	public record SessionDescriptor(String clientId, String transport, long ageMillis, int queueSize,
			long droppedMessages, boolean connectHeld, @Nullable String user, List<String> subscriptions) {

		static SessionDescriptor of(ServerSession session, String clientId, long now) {
			List<String> subscriptions = session.subscriptions().stream().map(Object::toString).sorted().toList();
			return new SessionDescriptor(clientId, session.transport(), now - session.createdAt(),
					session.queueSize(), session.droppedMessages(), session.isConnectHeld(),
					(session.principal() != null) ? session.principal().getName() : null, subscriptions);
		}

	}

}
