package io.github.cometdboot.support;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs failures that clients cause so that no client can flood or forge the log: one line per failure,
 * every value and the exception's message escaped (control characters become {@code \n}, {@code \r},
 * {@code \t} or {@code \}{@code uXXXX}) and cut to {@value #MAX_VALUE_LENGTH} characters; at most a
 * number of lines per interval, the next line after a quiet spell telling how many were left out; the
 * stack trace only at DEBUG.
 * <p>
 * One instance per place that logs, shared by every request: its limit is what one such place may add
 * to the log, whatever the number of clients.
 */
public final class ClientFailureLog {

	/** Lines logged per interval by default. */
	public static final int DEFAULT_LINES = 10;

	/** Interval of the default limit. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

	/** Characters of a value or exception message kept in a line. */
	public static final int MAX_VALUE_LENGTH = 200;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final Logger logger;

	private final int lines;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private long windowStart;

	private int logged;

	private long suppressed;

	/**
	 * Create a log of {@link #DEFAULT_LINES} lines per {@link #DEFAULT_INTERVAL}.
	 * @param logger the logger the lines go to
	 */
	public ClientFailureLog(Logger logger) {
		this(logger, DEFAULT_LINES, DEFAULT_INTERVAL, System::nanoTime);
	}

	/**
	 * Create a log.
	 * @param logger the logger the lines go to
	 * @param lines the lines logged per interval at most
	 * @param interval the interval
	 * @param nanoTime the clock, in nanoseconds
	 */
	public ClientFailureLog(Logger logger, int lines, Duration interval, LongSupplier nanoTime) {
		this.logger = logger;
		this.lines = lines;
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
		this.windowStart = nanoTime.getAsLong();
	}

	/**
	 * Log a failure at WARN, on one line, with its stack trace at DEBUG.
	 * @param failure the failure; its type and message end the line
	 * @param format what failed, with SLF4J's {@code {}} placeholders
	 * @param values the values, escaped
	 */
	public void warn(Throwable failure, String format, @Nullable Object... values) {
		if (this.logger.isWarnEnabled()) {
			log(true, failure, format, values);
		}
	}

	/**
	 * Log something a client did that is no failure of the server, such as hanging up, at DEBUG on one
	 * line, with the stack trace.
	 * @param failure the exception it caused
	 * @param format what happened, with SLF4J's {@code {}} placeholders
	 * @param values the values, escaped
	 */
	public void debug(Throwable failure, String format, @Nullable Object... values) {
		if (this.logger.isDebugEnabled()) {
			log(false, failure, format, values);
		}
	}

	private void log(boolean warn, Throwable failure, String format, @Nullable Object[] values) {
		long left = admit();
		if (left < 0) {
			return;
		}
		Object[] escaped = new Object[values.length];
		for (int i = 0; i < values.length; i++) {
			escaped[i] = escape(values[i]);
		}
		String line = format + ": {}" + ((left > 0) ? " (" + left + " similar lines left out before this one)" : "");
		Object[] arguments = Arrays.copyOf(escaped, escaped.length + 1);
		arguments[escaped.length] = describe(failure);
		if (warn) {
			this.logger.warn(line, arguments);
		}
		if (this.logger.isDebugEnabled()) {
			Object[] withStack = Arrays.copyOf(arguments, arguments.length + 1);
			withStack[arguments.length] = failure;
			this.logger.debug(line, withStack);
		}
	}

	/**
	 * Count a line against the limit.
	 * @return {@code -1} to leave it out, else how many were left out since the last one logged
	 */
	private synchronized long admit() {
		long now = this.nanoTime.getAsLong();
		if (now - this.windowStart >= this.intervalNanos) {
			this.windowStart = now;
			this.logged = 0;
		}
		if (this.logged >= this.lines) {
			this.suppressed++;
			return -1;
		}
		this.logged++;
		long left = this.suppressed;
		this.suppressed = 0;
		return left;
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		return failure.getClass().getSimpleName() + ((message != null) ? ": " + escape(message) : "");
	}

	/**
	 * A value as it may appear in a log line: control characters escaped, so that it stays on one line
	 * and cannot pass for a line of its own, and cut to {@value #MAX_VALUE_LENGTH} characters.
	 * @param value the value, such as a channel name sent by a client
	 * @return the escaped text; {@code null} as {@code "null"}
	 */
	public static String escape(@Nullable Object value) {
		String text = String.valueOf(value);
		int length = Math.min(text.length(), MAX_VALUE_LENGTH);
		StringBuilder escaped = new StringBuilder(length + 16);
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				case '\\' -> escaped.append("\\\\");
				default -> {
					if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
						escaped.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
							.append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		if (text.length() > length) {
			escaped.append("...(").append(text.length()).append(" chars)");
		}
		return escaped.toString();
	}

}
