package io.github.cometdboot.sample.chat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.cometdboot.CometListener;

import org.springframework.stereotype.Component;

/**
 * Keeps the last lines of every room, so that a newcomer sees the conversation so far. Bounded, since
 * clients name the rooms and write the lines: at most {@value #MAX_ROOMS} rooms, and per room the last
 * {@value #SIZE} lines within {@value #MAX_BYTES} bytes of text.
 */
@Component
public class ChatHistory {

	static final int SIZE = 50;

	/** Rooms with a history; {@link Moderation} refuses lines for further rooms. */
	static final int MAX_ROOMS = 100;

	/** UTF-8 bytes of users and texts kept per room. */
	static final int MAX_BYTES = 16 * 1024;

	private final Map<String, Room> rooms = new ConcurrentHashMap<>();

	/**
	 * Whether a line for a room may be kept: the room has a history already, or there is room for one.
	 * @param room the room
	 * @return whether the room is admitted
	 */
	public boolean admits(String room) {
		return this.rooms.containsKey(room) || this.rooms.size() < MAX_ROOMS;
	}

	/**
	 * Remember a broadcast line (already moderated); a line for a room beyond the bound is not kept.
	 * @param room the room
	 * @param message the line
	 */
	@CometListener("/rooms/{room}")
	public void remember(String room, ChatMessage message) {
		Room lines = room(room);
		if (lines != null) {
			lines.add(message);
		}
	}

	/**
	 * Answer a remote call for a room's history.
	 * @param request the room
	 * @return the last lines, oldest first
	 */
	@CometListener("/service/chat/history")
	public List<ChatMessage> history(RoomRequest request) {
		Room lines = this.rooms.get(request.room());
		return (lines != null) ? lines.copy() : List.of();
	}

	private Room room(String name) {
		Room existing = this.rooms.get(name);
		if (existing != null) {
			return existing;
		}
		// Checked and created under one lock, so that concurrent newcomers cannot overshoot the bound.
		synchronized (this.rooms) {
			return admits(name) ? this.rooms.computeIfAbsent(name, (key) -> new Room()) : null;
		}
	}

	/**
	 * A request naming a room.
	 *
	 * @param room the room
	 */
	public record RoomRequest(String room) {
	}

	/** The last lines of one room, bounded in count and bytes. */
	private static final class Room {

		private final Deque<ChatMessage> lines = new ArrayDeque<>();

		private int bytes;

		synchronized void add(ChatMessage message) {
			this.lines.addLast(message);
			this.bytes += size(message);
			while (this.lines.size() > SIZE || this.bytes > MAX_BYTES) {
				this.bytes -= size(this.lines.removeFirst());
			}
		}

		synchronized List<ChatMessage> copy() {
			return List.copyOf(this.lines);
		}

		private static int size(ChatMessage message) {
			return utf8(message.user()) + utf8(message.text());
		}

		private static int utf8(String text) {
			return (text != null) ? text.getBytes(StandardCharsets.UTF_8).length : 0;
		}

	}

}
