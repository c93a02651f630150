package io.github.cometdboot.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.bayeux.Advice;
import io.github.cometdboot.Message;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.Wakeup;
import io.github.cometdboot.server.session.WakeupSlot;
import io.github.cometdboot.server.session.AcknowledgedDelivery;
import io.github.cometdboot.server.session.EncodedMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * {@code /meta/connect}: answered at once when it is the session's first, when the client asks for
 * {@code advice.timeout: 0}, when messages are already queued, or when another session of the same
 * browser holds the long poll; otherwise held until messages arrive or the timeout runs out.
 * <p>
 * Over a transport that pushes messages as they come, the held connect is only a heartbeat: it waits
 * for the timeout and carries no messages.
 */
final class ConnectHandler {

	private final BayeuxServer server;

	private final BrowserConnects browsers;

	ConnectHandler(BayeuxServer server) {
		this.server = server;
		this.browsers = new BrowserConnects(server.settings().maxSessionsPerBrowser());
	}

	Mono<Reply> handle(Message request, ServerSession session, TransportContext context) {
		boolean first = session.markConnected();
		AckExtension.received(request, session);
		long holdMillis = holdTime(request);
		if (first || holdMillis == 0) {
			return Mono.just(reply(request, session, context, Wakeup.TIMEOUT, this.server.connectAdvice()));
		}
		if (carriesMessages(session, context) && (session.queueSize() > 0 || mustResend(session))) {
			return Mono.just(reply(request, session, context, Wakeup.MESSAGES, null));
		}
		@Nullable String browserId = context.pushesMessages() ? null : context.browserId();
		if (browserId != null && !this.browsers.tryHold(browserId, session.id())) {
			Advice advice = Advice.multipleClients(this.server.settings().multipleClientsInterval().toMillis());
			return Mono.just(reply(request, session, context, Wakeup.TIMEOUT, advice));
		}
		return hold(request, session, context, browserId, holdMillis);
	}

	private Mono<Reply> hold(Message request, ServerSession session, TransportContext context, @Nullable String browserId,
			long holdMillis) {
		return Mono.defer(() -> {
			// Count this hold before it replaces the previous one: the previous one ends first, and must
			// not release the browser's long poll that this one keeps.
			session.connectHoldStarted();
			// One waiter for every reason to answer: released (replaced, session ended), messages, or the
			// timeout. The first wake-up wins; it stays behind in the other slot until replaced there.
			WakeupSlot.OneShot waiter = new WakeupSlot.OneShot();
			session.holdConnect(waiter);
			if (carriesMessages(session, context)) {
				session.awaitMessages(waiter);
			}
			Disposable timeout = this.server.scheduler()
				.schedule(() -> waiter.wake(Wakeup.TIMEOUT), holdMillis, TimeUnit.MILLISECONDS);
			return waiter.mono().doFinally((signal) -> timeout.dispose());
		})
			.map((reason) -> reply(request, session, context, reason, null))
			.doFinally((signal) -> {
				if (session.connectHoldEnded(this.server.now()) && browserId != null) {
					this.browsers.release(browserId, session.id());
				}
			});
	}

	private long holdTime(Message request) {
		long serverTimeout = this.server.settings().timeout().toMillis();
		Map<String, Object> advice = request.advice();
		if (advice != null && advice.get("timeout") instanceof Number requested) {
			return Math.max(0, Math.min(requested.longValue(), serverTimeout));
		}
		return serverTimeout;
	}

	private Reply reply(Message request, ServerSession session, TransportContext context, Wakeup reason,
			@Nullable Advice advice) {
		if (reason == Wakeup.SESSION_ENDED || session.isEnded()) {
			if (session.endReason() == DisconnectReason.MOVED) {
				// Another node carries on with the session: the client's next connect goes there.
				return Reply.success(request, session);
			}
			return session.endReason() == DisconnectReason.CLIENT
					? stopped(request, session) : Reply.unknownSession(request);
		}
		Reply success = Reply.success(request, session);
		Advice effective = advice;
		if (effective == null && session.advisedInterval() != this.server.settings().interval().toMillis()) {
			// The client still follows an earlier advice (multiple-clients, say): restore the normal one.
			effective = this.server.connectAdvice();
		}
		if (effective != null) {
			success.message().put(Message.ADVICE, effective.toMap());
			session.advisedInterval(Math.max(0, effective.interval()));
		}
		boolean withMessages = carriesMessages(session, context) && reason != Wakeup.REPLACED;
		List<EncodedMessage> queued = withMessages ? this.server.sessionHub().drain(session) : List.of();
		AcknowledgedDelivery acknowledgements = session.acknowledgements();
		if (withMessages && acknowledgements != null) {
			return acknowledged(success.message(), session, acknowledgements, queued);
		}
		return new Reply(success.message(), queued, session);
	}

	/**
	 * Whether connect replies carry the session's messages: over polling transports, and over every
	 * transport for a session that acknowledges (its messages are numbered by the replies that carry them).
	 */
	private static boolean carriesMessages(ServerSession session, TransportContext context) {
		return !context.pushesMessages() || session.isAcknowledging();
	}

	/** Whether the last acknowledgement left messages that the client did not receive: send them now. */
	private static boolean mustResend(ServerSession session) {
		AcknowledgedDelivery acknowledgements = session.acknowledgements();
		return acknowledgements != null && acknowledgements.hasUnacknowledged();
	}

	private Reply acknowledged(Message reply, ServerSession session, AcknowledgedDelivery acknowledgements,
			List<EncodedMessage> fresh) {
		AcknowledgedDelivery.Batch batch = AckExtension.deliver(reply, acknowledgements, fresh);
		if (batch.overflow() > 0) {
			this.server.overflowed(session, batch.overflow());
		}
		return new Reply(reply, batch.messages(), session);
	}

	private static Reply stopped(Message request, ServerSession session) {
		Reply reply = Reply.success(request, session);
		reply.message().put(Message.ADVICE, Advice.STOP.toMap());
		return reply;
	}

}
