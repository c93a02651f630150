package io.github.cometdboot.sample.chat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.github.cometdboot.CometListener;
import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.SessionDisconnectedEvent;
import io.github.cometdboot.CometSession;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Who is in which room: a client joins with a nickname; everyone in the room is told on
 * {@code /presence/<room>} when somebody joins or leaves, including when a page closes and its
 * session ends.
 */
@Component
public class Presence {

	private final CometTemplate template;

	/** room → (clientId → nickname). */
	private final Map<String, Map<String, String>> rooms = new ConcurrentHashMap<>();

	/** clientId → nickname, for private messages. */
	private final Map<String, String> nicknames = new ConcurrentHashMap<>();

	/**
	 * Create the presence service.
	 * @param template pushes presence changes
	 */
	public Presence(CometTemplate template) {
		this.template = template;
	}

	/**
	 * A client joins a room.
	 * @param request the room and nickname
	 * @param session the client
	 * @return the members of the room, the newcomer included
	 */
	@CometListener("/service/presence/join")
	public Collection<String> join(JoinRequest request, CometSession session) {
		String name = request.name().strip();
		this.nicknames.put(session.id(), name);
		this.rooms.computeIfAbsent(request.room(), (room) -> new ConcurrentHashMap<>()).put(session.id(), name);
		Collection<String> members = members(request.room());
		this.template.publish("/presence/" + request.room(), new PresenceChange("join", name, members));
		return members;
	}

	/**
	 * A client leaves a room.
	 * @param request the room
	 * @param session the client
	 */
	@CometListener("/service/presence/leave")
	public void leave(ChatHistory.RoomRequest request, CometSession session) {
		leave(request.room(), session.id());
	}

	/**
	 * A session ended (page closed, network gone, pruned): it leaves every room.
	 * @param event the disconnection
	 */
	@EventListener
	public void onDisconnect(SessionDisconnectedEvent event) {
		String clientId = event.session().id();
		for (String room : List.copyOf(this.rooms.keySet())) {
			leave(room, clientId);
		}
		this.nicknames.remove(clientId);
	}

	/**
	 * The sessions that use a nickname.
	 * @param name the nickname
	 * @return their client ids
	 */
	public Set<String> sessionsNamed(String name) {
		Set<String> ids = new TreeSet<>();
		this.nicknames.forEach((clientId, nickname) -> {
			if (nickname.equalsIgnoreCase(name)) {
				ids.add(clientId);
			}
		});
		return ids;
	}

	/**
	 * @param clientId a session
	 * @return its nickname, or {@code null}
	 */
	public String nicknameOf(String clientId) {
		return this.nicknames.get(clientId);
	}

	private void leave(String room, String clientId) {
		Map<String, String> members = this.rooms.get(room);
		String name = (members != null) ? members.remove(clientId) : null;
		if (name != null) {
			this.template.publish("/presence/" + room, new PresenceChange("leave", name, members(room)));
		}
	}

	private Collection<String> members(String room) {
		Map<String, String> members = this.rooms.get(room);
		return (members != null) ? new TreeSet<>(members.values()) : List.of();
	}

	/**
	 * A request to join a room.
	 *
	 * @param room the room
	 * @param name the nickname
	 */
	public record JoinRequest(String room, String name) {
	}

	/**
	 * What {@code /presence/<room>} carries.
	 *
	 * @param type {@code join} or {@code leave}
	 * @param name who
	 * @param members everyone in the room now
	 */
	public record PresenceChange(String type, String name, Collection<String> members) {
	}

}
