package io.github.cometdboot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A validated Bayeux channel name such as {@code /chat/room1}, {@code /chat/*} or {@code /chat/**}.
 * <p>
 * Segments are made of letters, digits and {@code - _ ! ~ ( ) $ @}. A wildcard may only be the last
 * segment: {@code *} matches exactly one more segment, {@code **} one or more; neither matches the
 * parent channel itself.
 */
public final class ChannelId {

	/** The characters of a segment other than letters and digits. */
	private static final String SEGMENT_SYMBOLS = "-_!~()$@";

	private static final int MAX_LENGTH = 1024;

	private final String name;

	private final List<String> segments;

	private final Wildcard wildcard;

	/**
	 * Computed on first use: only a published channel needs it. Two threads may both compute it; the
	 * list is made by {@link List#copyOf}, whose final fields make it safe to share without a lock.
	 */
	private @Nullable List<String> matchingWildcards;

	private ChannelId(String name, List<String> segments, Wildcard wildcard) {
		this.name = name;
		this.segments = segments;
		this.wildcard = wildcard;
	}

	/**
	 * Parse and validate a channel name.
	 * @param name the channel name
	 * @return the channel id
	 * @throws IllegalArgumentException if the name is not a valid Bayeux channel name
	 */
	public static ChannelId of(String name) {
		ChannelId id = parse(name);
		if (id == null) {
			throw new IllegalArgumentException("Invalid channel name '" + name + "'");
		}
		return id;
	}

	/**
	 * Parse a channel name, answering {@code null} when it is invalid.
	 * @param name the channel name, may be {@code null}
	 * @return the channel id or {@code null}
	 */
	public static @Nullable ChannelId parse(@Nullable String name) {
		if (name == null || name.length() < 2 || name.length() > MAX_LENGTH || name.charAt(0) != '/'
				|| name.endsWith("/")) {
			return null;
		}
		ChannelId meta = MetaChannelIds.IDS.get(name);
		if (meta != null) {
			// Every request names one of these: they are parsed once.
			return meta;
		}
		String[] parts = name.substring(1).split("/", -1);
		List<String> segments = new ArrayList<>(parts.length);
		Wildcard wildcard = Wildcard.NONE;
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			boolean last = i == parts.length - 1;
			if (last && part.equals("*")) {
				wildcard = Wildcard.ONE;
			}
			else if (last && part.equals("**")) {
				wildcard = Wildcard.DEEP;
			}
			else if (!isSegment(part)) {
				return null;
			}
			segments.add(part);
		}
		return new ChannelId(name, Collections.unmodifiableList(segments), wildcard);
	}

	/**
	 * Whether the given name is a valid channel name.
	 * @param name the name to check
	 * @return whether it is valid
	 */
	public static boolean isValid(@Nullable String name) {
		return parse(name) != null;
	}

	/** @return the channel name as the client wrote it */
	public String name() {
		return this.name;
	}

	/** @return the segments, wildcard included */
	public List<String> segments() {
		return this.segments;
	}

	/** @return the number of segments */
	public int depth() {
		return this.segments.size();
	}

	/** @return whether the last segment is {@code *} or {@code **} */
	public boolean isWildcard() {
		return this.wildcard != Wildcard.NONE;
	}

	/** @return whether the last segment is {@code **} */
	public boolean isDeepWildcard() {
		return this.wildcard == Wildcard.DEEP;
	}

	/** @return the kind of channel */
	public ChannelKind kind() {
		String first = this.segments.get(0);
		if (first.equals("meta")) {
			return ChannelKind.META;
		}
		if (first.equals("service")) {
			return ChannelKind.SERVICE;
		}
		return ChannelKind.BROADCAST;
	}

	/** @return whether this is a {@code /meta/**} channel */
	public boolean isMeta() {
		return kind() == ChannelKind.META;
	}

	/** @return whether this is a {@code /service/**} channel */
	public boolean isService() {
		return kind() == ChannelKind.SERVICE;
	}

	/** @return whether this is a broadcast channel */
	public boolean isBroadcast() {
		return kind() == ChannelKind.BROADCAST;
	}

	/**
	 * Whether this channel (a wildcard, or an exact name) matches the given concrete channel.
	 * @param channel a channel that is not a wildcard
	 * @return whether a subscription to this channel receives messages published on {@code channel}
	 */
	public boolean matches(ChannelId channel) {
		if (this.wildcard == Wildcard.NONE) {
			return this.name.equals(channel.name);
		}
		if (channel.isWildcard()) {
			return false;
		}
		int prefix = this.segments.size() - 1;
		if (channel.segments.size() <= prefix) {
			return false;
		}
		if (this.wildcard == Wildcard.ONE && channel.segments.size() != prefix + 1) {
			return false;
		}
		return this.segments.subList(0, prefix).equals(channel.segments.subList(0, prefix));
	}

	/**
	 * The wildcard names that match this concrete channel, deepest first: for {@code /a/b/c} they are
	 * {@code /a/b/*}, {@code /a/b/**}, {@code /a/**} and {@code /**}. Looking these up finds every
	 * wildcard subscriber in time proportional to the depth, whatever the number of channels.
	 * @return the matching wildcard names, empty for a wildcard channel
	 */
	public List<String> matchingWildcards() {
		List<String> wildcards = this.matchingWildcards;
		if (wildcards == null) {
			wildcards = (this.wildcard == Wildcard.NONE) ? computeMatchingWildcards(this.segments) : List.of();
			this.matchingWildcards = wildcards;
		}
		return wildcards;
	}

	private static boolean isSegment(String part) {
		if (part.isEmpty()) {
			return false;
		}
		for (int i = 0; i < part.length(); i++) {
			char c = part.charAt(i);
			boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!letterOrDigit && SEGMENT_SYMBOLS.indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	private static List<String> computeMatchingWildcards(List<String> segments) {
		List<String> result = new ArrayList<>(segments.size() + 1);
		StringBuilder prefix = new StringBuilder();
		List<String> prefixes = new ArrayList<>(segments.size());
		for (int i = 0; i < segments.size() - 1; i++) {
			prefix.append('/').append(segments.get(i));
			prefixes.add(prefix.toString());
		}
		String parent = prefixes.isEmpty() ? "" : prefixes.get(prefixes.size() - 1);
		result.add(parent + "/*");
		for (int i = prefixes.size() - 1; i >= 0; i--) {
			result.add(prefixes.get(i) + "/**");
		}
		result.add("/**");
		return List.copyOf(result);
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof ChannelId that && this.name.equals(that.name));
	}

	@Override
	public int hashCode() {
		return this.name.hashCode();
	}

	@Override
	public String toString() {
		return this.name;
	}

	private enum Wildcard {

		NONE, ONE, DEEP

	}

	/** The {@code /meta} channels of the protocol, built once, when the first name is parsed. */
	private static final class MetaChannelIds {

		private static final Map<String, ChannelId> IDS = Map.of("/meta/handshake", parseMeta("handshake"),
				"/meta/connect", parseMeta("connect"), "/meta/subscribe", parseMeta("subscribe"), "/meta/unsubscribe",
				parseMeta("unsubscribe"), "/meta/disconnect", parseMeta("disconnect"));

		private static ChannelId parseMeta(String type) {
			return new ChannelId("/meta/" + type, List.of("meta", type), Wildcard.NONE);
		}

	}

}
