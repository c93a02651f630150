package io.github.cometdboot.server;

import java.util.List;

import io.github.cometdboot.HandshakeDecision;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.bayeux.Advice;
import io.github.cometdboot.bayeux.BayeuxError;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * {@code /meta/handshake}: negotiates a connection type, applies the limits on sessions and on the
 * handshake rate of the client's address, asks the security policy, creates the session (acting for the
 * user the policy named, if it did).
 */
final class HandshakeHandler {

	static final String VERSION = "1.0";

	private final BayeuxServer server;

	private final SecurityPolicy policy;

	private final HandshakeRateLimiter rate;

	private final int maxSessions;

	HandshakeHandler(BayeuxServer server, SecurityPolicy policy) {
		this.server = server;
		this.policy = policy;
		SessionLimits limits = server.settings().limits();
		this.rate = new HandshakeRateLimiter(limits, server::now);
		this.maxSessions = limits.maxSessions();
	}

	Mono<Reply> handle(Message request, TransportContext context) {
		if (this.server.isStopped()) {
			// Not started yet, or shutting down: a session made now would not be served, or would die with
			// the process. The client backs off and handshakes again, with another node or with this one
			// once it runs.
			Reply reply = Reply.failure(request, BayeuxError.SERVER_UNAVAILABLE, null);
			reply.message().put(Message.ADVICE, Advice.retryHandshake(this.server.settings().maxInterval().toMillis()).toMap());
			return Mono.just(reply);
		}
		List<String> ours = this.server.connectionTypes();
		if (!hasCommonConnectionType(request, ours)) {
			this.server.observer().handshake("no_transport");
			Reply reply = Reply.failure(request, BayeuxError.NO_COMMON_TRANSPORT, null);
			describeServer(reply.message(), ours);
			reply.message().put(Message.ADVICE, Advice.STOP.toMap());
			return Mono.just(reply);
		}
		Reply refused = refuseOverLimits(request, context);
		if (refused != null) {
			return Mono.just(refused);
		}
		ServerSession session = this.server.newSession(context);
		return this.policy.handshake(session, request).defaultIfEmpty(HandshakeDecision.DENY).map((decision) -> {
			if (!decision.allowed()) {
				this.server.observer().handshake("denied");
				Reply reply = Reply.failure(request, BayeuxError.HANDSHAKE_DENIED, null);
				reply.message().put(Message.ADVICE, Advice.STOP.toMap());
				return reply;
			}
			if (decision.user() != null) {
				// Before the session is registered, which indexes it by user for deliverToUser.
				session.principal(decision.user());
			}
			this.server.addSession(session);
			this.server.observer().handshake("success");
			Reply reply = Reply.success(request, session);
			describeServer(reply.message(), ours);
			reply.message().put(Message.ADVICE, this.server.connectAdvice().toMap());
			AckExtension.negotiate(request, reply.message(), session, this.server.settings());
			return reply;
		});
	}

	/**
	 * Refuse a handshake over the limits, before the security policy (which may be costly) runs. Both
	 * refusals advise the client to handshake again later, so real clients recover by themselves.
	 */
	private @Nullable Reply refuseOverLimits(Message request, TransportContext context) {
		long wait = this.rate.tryHandshake(context.clientAddress());
		if (wait > 0) {
			return refuse(request, BayeuxError.HANDSHAKE_RATE_EXCEEDED, ServerObserver.RefusalReason.HANDSHAKE_RATE,
					wait);
		}
		// Checked before the session exists, so concurrent handshakes may pass the limit by a few.
		if (this.maxSessions > 0 && this.server.sessions().size() >= this.maxSessions) {
			// Sessions whose clients went away are pruned within maxInterval.
			return refuse(request, BayeuxError.TOO_MANY_SESSIONS, ServerObserver.RefusalReason.SESSION_LIMIT,
					this.server.settings().maxInterval().toMillis());
		}
		return null;
	}

	private Reply refuse(Message request, String error, ServerObserver.RefusalReason reason, long retryMillis) {
		this.server.observer().refused(reason);
		Reply reply = Reply.failure(request, error, null);
		reply.message().put(Message.ADVICE, Advice.retryHandshake(retryMillis).toMap());
		return reply;
	}

	/** Forget the handshake allowances of addresses that stopped handshaking. */
	void sweep() {
		this.rate.sweep();
	}

	private static boolean hasCommonConnectionType(Message request, List<String> ours) {
		if (!(request.get(Message.SUPPORTED_CONNECTION_TYPES) instanceof List<?> offered)) {
			return false;
		}
		for (Object type : offered) {
			if (type instanceof String name && ours.contains(name)) {
				return true;
			}
		}
		return false;
	}

	private static void describeServer(Message reply, List<String> connectionTypes) {
		reply.put(Message.VERSION, VERSION);
		reply.put(Message.MINIMUM_VERSION, VERSION);
		reply.put(Message.SUPPORTED_CONNECTION_TYPES, connectionTypes);
	}

}
