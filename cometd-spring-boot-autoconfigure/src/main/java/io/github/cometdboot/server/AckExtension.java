package io.github.cometdboot.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.AcknowledgedDelivery;
import io.github.cometdboot.server.session.EncodedMessage;
import org.jspecify.annotations.Nullable;

/**
 * The wire format of CometD's {@code ack} extension, as the official JavaScript and Java clients
 * speak it:
 * <ul>
 * <li>the client's {@code /meta/handshake} carries {@code ext: {ack: true}}, and the reply answers
 * {@code ext: {ack: true}} when the server acknowledges (else the client does not send acks);</li>
 * <li>each {@code /meta/connect} carries {@code ext.ack}, the batch number of the last connect reply the
 * client received ({@code 0} or absent at first);</li>
 * <li>each connect reply that delivers carries {@code ext.ack}, its own batch number.</li>
 * </ul>
 * The delivery state itself is {@link AcknowledgedDelivery}; this class only reads and writes fields.
 */
final class AckExtension {

	static final String FIELD = "ack";

	private AckExtension() {
	}

	/**
	 * Turn acknowledged delivery on for a new session whose handshake asked for it, and say so in the
	 * handshake reply.
	 * @param request the handshake request
	 * @param reply the successful handshake reply
	 * @param session the new session, not yet in use
	 * @param settings the server settings
	 */
	static void negotiate(Message request, Message reply, ServerSession session, ServerSettings settings) {
		Map<String, Object> ext = request.ext();
		if (!settings.acknowledgedDelivery() || ext == null || !Boolean.TRUE.equals(ext.get(FIELD))) {
			return;
		}
		session.acknowledgeWith(AcknowledgedDelivery.forSession(settings.sessionSettings()));
		extOf(reply).put(FIELD, true);
	}

	/**
	 * Apply the acknowledgement a {@code /meta/connect} carries, if the session acknowledges.
	 * @param request the connect request
	 * @param session its session
	 */
	static void received(Message request, ServerSession session) {
		AcknowledgedDelivery delivery = session.acknowledgements();
		Map<String, Object> ext = request.ext();
		if (delivery != null && ext != null && ext.get(FIELD) instanceof Number batch) {
			delivery.acknowledge(batch.longValue());
		}
	}

	/**
	 * Number a connect reply of an acknowledging session and choose what it carries.
	 * @param reply the connect reply
	 * @param delivery the session's acknowledgement state
	 * @param fresh the messages just taken from the session's queue
	 * @return the batch: its messages go before the reply
	 */
	static AcknowledgedDelivery.Batch deliver(Message reply, AcknowledgedDelivery delivery, List<EncodedMessage> fresh) {
		AcknowledgedDelivery.Batch batch = delivery.nextBatch(fresh);
		extOf(reply).put(FIELD, batch.number());
		return batch;
	}

	private static Map<String, Object> extOf(Message message) {
		@Nullable Map<String, Object> ext = message.ext();
		if (ext == null) {
			ext = new LinkedHashMap<>();
			message.put(Message.EXT, ext);
		}
		return ext;
	}

}
