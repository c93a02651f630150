package io.github.cometdboot.sample.chat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.cometdboot.CometListener;

import org.springframework.stereotype.Component;

/**
 * Keeps the last lines of every room, so that a newcomer sees the conversation so far.
 */
@Component
public class ChatHistory {

	static final int SIZE = 50;

	private final Map<String, Deque<ChatMessage>> rooms = new ConcurrentHashMap<>();

	/**
	 * Remember a broadcast line (already moderated).
	 * @param room the room
	 * @param message the line
	 */
	@CometListener("/rooms/{room}")
	public void remember(String room, ChatMessage message) {
		Deque<ChatMessage> lines = this.rooms.computeIfAbsent(room, (key) -> new ArrayDeque<>());
		synchronized (lines) {
			lines.addLast(message);
			while (lines.size() > SIZE) {
				lines.removeFirst();
			}
		}
	}

	/**
	 * Answer a remote call for a room's history.
	 * @param request the room
	 * @return the last lines, oldest first
	 */
	@CometListener("/service/chat/history")
	public List<ChatMessage> history(RoomRequest request) {
		Deque<ChatMessage> lines = this.rooms.get(request.room());
		if (lines == null) {
			return List.of();
		}
		synchronized (lines) {
			return List.copyOf(lines);
		}
	}

	/**
	 * A request naming a room.
	 *
	 * @param room the room
	 */
	public record RoomRequest(String room) {
	}

}
