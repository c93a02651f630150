package io.github.cometdboot.programmingmodel;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server logs, as Logback events caught at the root logger: a line's level, its formatted
 * message and whether it carries a stack trace, which an output capture would have to guess from the
 * text. Events of the client libraries that run in the same JVM (the CometD Java client, Jetty's HTTP
 * client) and of jqwik (whose JUL lines reach Logback through Boot's bridge) are not the server's and
 * are left out.
 */
final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private static final List<String> NOT_THE_SERVER = List.of("org.cometd.", "org.eclipse.jetty.", "net.jqwik.");

	private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

	private CapturedLog() {
	}

	/**
	 * Start catching events. Call it once the application has started: Boot sets Logback up again
	 * while it starts, which would drop the appender.
	 * @return the log, attached
	 */
	static CapturedLog attach() {
		CapturedLog log = new CapturedLog();
		log.setContext(root().getLoggerContext());
		log.start();
		root().addAppender(log);
		return log;
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (NOT_THE_SERVER.stream().noneMatch(event.getLoggerName()::startsWith)) {
			event.prepareForDeferredProcessing();
			this.events.add(event);
		}
	}

	/**
	 * Assert that the server logged as a client error deserves: nothing at ERROR, every line one line
	 * (no newline nor other control character in its message, no stack trace), and no more WARN lines
	 * than client errors.
	 * @param clientErrors how many requests or frames of hostile input were sent
	 */
	void assertOneLineAtMostPerClientError(int clientErrors) {
		List<ILoggingEvent> all = List.copyOf(this.events);
		assertThat(all).as("nothing at ERROR").noneMatch((event) -> event.getLevel() == Level.ERROR);
		assertThat(all).as("one line each: no control character")
			.noneMatch((event) -> hasControlCharacter(event.getFormattedMessage()));
		assertThat(all).as("one line each: no stack trace").noneMatch((event) -> event.getThrowableProxy() != null);
		assertThat(all.stream().filter((event) -> event.getLevel() == Level.WARN).count())
			.as("WARN lines, at most one per client error").isLessThanOrEqualTo(clientErrors);
	}

	/** @return how many lines were caught at WARN */
	long warnings() {
		return this.events.stream().filter((event) -> event.getLevel() == Level.WARN).count();
	}


	private static boolean hasControlCharacter(String message) {
		return message.chars().anyMatch((c) -> c < 0x20 || (c >= 0x7F && c <= 0x9F));
	}

	@Override
	public void close() {
		root().detachAppender(this);
		stop();
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
