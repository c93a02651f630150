package io.github.cometdboot.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that client-caused failures are logged one escaped line each, a bounded number per interval
 * with a count of those left out, and with their stack trace at DEBUG only.
 */
class ClientFailureLogTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger(ClientFailureLogTests.class);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final AtomicLong clock = new AtomicLong();

	private final ClientFailureLog log = new ClientFailureLog(this.logger, 3, Duration.ofSeconds(10), this.clock::get);

	@BeforeEach
	void capture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.logger.setLevel(Level.INFO);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(null);
	}

	@Test
	void failureIsOneWarnLineWithoutStackTrace() {
		this.log.warn(new IllegalStateException("broken"), "Publish on {} failed", "/chat/a");
		assertThat(this.appender.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).isEqualTo("Publish on /chat/a failed: IllegalStateException: broken");
			assertThat(event.getThrowableProxy()).isNull();
		});
	}

	@Test
	void stackTraceGoesToDebug() {
		this.logger.setLevel(Level.DEBUG);
		this.log.warn(new IllegalStateException("broken"), "Publish on {} failed", "/chat/a");
		assertThat(this.appender.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.DEBUG);
		assertThat(this.appender.list.get(0).getThrowableProxy()).isNull();
		assertThat(this.appender.list.get(1).getThrowableProxy().getClassName())
			.isEqualTo(IllegalStateException.class.getName());
	}

	@Test
	void linesBeyondTheLimitAreLeftOutAndCountedOnTheNextLineLogged() {
		for (int i = 0; i < 700; i++) {
			this.log.warn(new IllegalStateException("broken " + i), "Publish on {} failed", "/chat/a");
		}
		assertThat(this.appender.list).hasSize(3);
		this.clock.addAndGet(Duration.ofSeconds(9).toNanos());
		this.log.warn(new IllegalStateException("still"), "Publish on {} failed", "/chat/a");
		assertThat(this.appender.list).as("still within the interval").hasSize(3);
		this.clock.addAndGet(Duration.ofSeconds(1).toNanos());
		this.log.warn(new IllegalStateException("later"), "Publish on {} failed", "/chat/a");
		assertThat(this.appender.list).hasSize(4);
		assertThat(this.appender.list.get(3).getFormattedMessage())
			.isEqualTo("Publish on /chat/a failed: IllegalStateException: later (698 similar lines left out before this one)");
	}

	@Test
	void valuesAndMessagesWithControlCharactersStayOnOneLine() {
		String forged = "/rooms/x\n2026-01-01 ERROR FORGED\r\u0007\u2028\\";
		this.log.warn(new IllegalArgumentException("Invalid channel name '" + forged + "'"), "Publish on {} failed",
				forged);
		assertThat(this.appender.list).singleElement()
			.extracting(ILoggingEvent::getFormattedMessage)
			.isEqualTo("Publish on /rooms/x\\n2026-01-01 ERROR FORGED\\r\\u0007\\u2028\\\\ failed: "
					+ "IllegalArgumentException: Invalid channel name '/rooms/x\\n2026-01-01 ERROR FORGED\\r\\u0007\\u2028\\\\'");
	}

	@Test
	void longValuesAreCut() {
		assertThat(ClientFailureLog.escape("x".repeat(5000))).isEqualTo("x".repeat(200) + "...(5000 chars)");
		assertThat(ClientFailureLog.escape(null)).isEqualTo("null");
	}

	@Test
	void clientThatHangsUpIsLoggedAtDebugOnly() {
		this.log.debug(new IllegalStateException("closed"), "POST {}: the client closed the connection", "/cometd");
		assertThat(this.appender.list).isEmpty();
		this.logger.setLevel(Level.DEBUG);
		this.log.debug(new IllegalStateException("closed"), "POST {}: the client closed the connection", "/cometd");
		assertThat(this.appender.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
			assertThat(event.getFormattedMessage())
				.isEqualTo("POST /cometd: the client closed the connection: IllegalStateException: closed");
		});
	}

}
