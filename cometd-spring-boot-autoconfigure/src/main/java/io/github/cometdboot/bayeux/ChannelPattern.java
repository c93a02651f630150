package io.github.cometdboot.bayeux;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.ChannelKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A channel pattern for server-side handlers and rules: a channel name whose segments may be template
 * variables ({@code /chat/{room}/typing}) and whose last segment may be {@code *} (exactly one more
 * segment) or {@code **} (one or more). Unlike a Bayeux wildcard, a variable may stand anywhere.
 */
public final class ChannelPattern {

	private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

	private final String pattern;

	private final List<String> segments;

	private final List<String> variables;

	private final boolean oneMore;

	private final boolean anyMore;

	private ChannelPattern(String pattern, List<String> segments, List<String> variables, boolean oneMore,
			boolean anyMore) {
		this.pattern = pattern;
		this.segments = segments;
		this.variables = variables;
		this.oneMore = oneMore;
		this.anyMore = anyMore;
	}

	/**
	 * Parse a pattern.
	 * @param pattern the pattern, such as {@code /chat/{room}} or {@code /stocks/**}
	 * @return the parsed pattern
	 * @throws IllegalArgumentException if it is not a valid pattern
	 */
	public static ChannelPattern of(String pattern) {
		if (pattern == null || !pattern.startsWith("/") || pattern.endsWith("/")) {
			throw new IllegalArgumentException("Invalid channel pattern '" + pattern + "'");
		}
		String[] parts = pattern.substring(1).split("/", -1);
		List<String> segments = new ArrayList<>();
		List<String> variables = new ArrayList<>();
		boolean oneMore = false;
		boolean anyMore = false;
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			boolean last = i == parts.length - 1;
			if (last && part.equals("*")) {
				oneMore = true;
			}
			else if (last && part.equals("**")) {
				anyMore = true;
			}
			else if (VARIABLE.matcher(part).matches()) {
				String name = part.substring(1, part.length() - 1);
				if (variables.contains(name)) {
					throw new IllegalArgumentException("Variable '" + name + "' twice in '" + pattern + "'");
				}
				variables.add(name);
				segments.add(part);
			}
			else if (!part.contains("*") && ChannelId.isValid("/" + part)) {
				segments.add(part);
			}
			else {
				throw new IllegalArgumentException("Invalid segment '" + part + "' in channel pattern '" + pattern + "'");
			}
		}
		return new ChannelPattern(pattern, Collections.unmodifiableList(segments), Collections.unmodifiableList(variables),
				oneMore, anyMore);
	}

	/** @return the pattern as written */
	public String pattern() {
		return this.pattern;
	}

	/** @return the names of the template variables, in order */
	public List<String> variables() {
		return this.variables;
	}

	/** @return the kind of the channels this pattern matches, by its first segment */
	public ChannelKind kind() {
		String first = this.segments.isEmpty() ? "" : this.segments.get(0);
		return switch (first) {
			case "meta" -> ChannelKind.META;
			case "service" -> ChannelKind.SERVICE;
			default -> ChannelKind.BROADCAST;
		};
	}

	/**
	 * Match a concrete channel.
	 * @param channel the channel, not a wildcard
	 * @return the template variables by name (empty when there are none), or {@code null} when the
	 * channel does not match
	 */
	public @Nullable Map<String, String> match(ChannelId channel) {
		if (channel.isWildcard()) {
			return null;
		}
		List<String> actual = channel.segments();
		int fixed = this.segments.size();
		if (this.oneMore ? actual.size() != fixed + 1 : this.anyMore ? actual.size() <= fixed : actual.size() != fixed) {
			return null;
		}
		Map<String, String> values = this.variables.isEmpty() ? Map.of() : new LinkedHashMap<>();
		for (int i = 0; i < fixed; i++) {
			String expected = this.segments.get(i);
			if (expected.startsWith("{")) {
				values.put(expected.substring(1, expected.length() - 1), actual.get(i));
			}
			else if (!expected.equals(actual.get(i))) {
				return null;
			}
		}
		return values;
	}

	/**
	 * Whether this pattern may match some channel that a wildcard subscription covers: a conservative
	 * answer (it may say yes for a pattern that matches none), so that a wildcard can never be used to
	 * get around a rule on the channels beneath it.
	 * @param wildcard a wildcard channel such as {@code /chat/**}
	 * @return whether the pattern may match a channel under the wildcard
	 */
	public boolean mayMatchUnder(ChannelId wildcard) {
		List<String> prefix = wildcard.segments().subList(0, wildcard.depth() - 1);
		int common = Math.min(prefix.size(), this.segments.size());
		for (int i = 0; i < common; i++) {
			String expected = this.segments.get(i);
			if (!expected.startsWith("{") && !expected.equals(prefix.get(i))) {
				return false;
			}
		}
		return this.segments.size() >= prefix.size() || this.oneMore || this.anyMore;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof ChannelPattern that && this.pattern.equals(that.pattern));
	}

	@Override
	public int hashCode() {
		return this.pattern.hashCode();
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
