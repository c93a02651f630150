package io.github.cometdboot.server;

import java.util.List;
import java.util.SortedMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.DisconnectReason;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.session.SessionQueue;
import io.github.cometdboot.server.session.EncodedMessage;
import org.jspecify.annotations.Nullable;

/**
 * Puts a published message into the queue of every subscriber on this node, and hands it to the
 * server-side subscriptions of this node. The message was encoded once by the publisher; every queue
 * shares the same bytes.
 */
public final class LocalDelivery {

	private final ChannelRegistry channels;

	private final PatternRegistry<Consumer<EncodedMessage>> localSubscriptions;

	private final boolean broadcastToPublisher;

	private final LongSupplier clock;

	private final BiConsumer<ServerSession, DisconnectReason> disconnector;

	private final ServerObserver observer;

	private final SessionRegistry sessions;

	LocalDelivery(SessionRegistry sessions, ChannelRegistry channels, PatternRegistry<Consumer<EncodedMessage>> localSubscriptions,
			boolean broadcastToPublisher, LongSupplier clock, BiConsumer<ServerSession, DisconnectReason> disconnector,
			ServerObserver observer) {
		this.observer = observer;
		this.sessions = sessions;
		this.channels = channels;
		this.localSubscriptions = localSubscriptions;
		this.broadcastToPublisher = broadcastToPublisher;
		this.clock = clock;
		this.disconnector = disconnector;
	}

	/**
	 * Deliver to every local subscriber of the message's channel, directly or through a wildcard.
	 * @param message the encoded message
	 * @param publisherId the publishing session, which is skipped unless it receives its own broadcasts
	 * @return the number of sessions the message was queued for
	 */
	public int deliver(EncodedMessage message, @Nullable String publisherId) {
		int delivered = 0;
		for (ServerSession subscriber : this.channels.subscribersOf(message.channel(), this.clock.getAsLong())) {
			if (!this.broadcastToPublisher && subscriber.id().equals(publisherId)) {
				continue;
			}
			if (deliverTo(subscriber, message)) {
				delivered++;
			}
		}
		for (Consumer<EncodedMessage> subscription : this.localSubscriptions.matching(message.channel())) {
			subscription.accept(message);
		}
		this.observer.delivered(message.channel().kind(), delivered);
		return delivered;
	}

	/**
	 * Deliver a message addressed to sessions to those of them that live on this node.
	 * @param recipient one session or every session of a user
	 * @param message the encoded message
	 * @return the number of sessions the message was queued for
	 */
	public int deliverTo(Recipient recipient, EncodedMessage message) {
		int delivered = 0;
		if (recipient.kind() == Recipient.Kind.CLIENT) {
			ServerSession session = this.sessions.find(recipient.id());
			if (session != null && deliverTo(session, message)) {
				delivered++;
			}
			return delivered;
		}
		for (ServerSession session : this.sessions.ofUser(recipient.id())) {
			if (deliverTo(session, message)) {
				delivered++;
			}
		}
		return delivered;
	}

	/**
	 * Find a session of this node.
	 * @param clientId its client id
	 * @return the session, or {@code null}
	 */
	public @Nullable ServerSession session(String clientId) {
		return this.sessions.find(clientId);
	}

	/**
	 * Subscribe a session taken over from another node to a channel it subscribed there, without a
	 * subscription event (the application saw it already).
	 * @param session the session
	 * @param channel the channel or wildcard
	 */
	public void resubscribe(ServerSession session, ChannelId channel) {
		if (!session.isEnded()) {
			this.channels.subscribe(session, channel, this.clock.getAsLong());
		}
	}

	/**
	 * Hand an acknowledging session taken over from another node the messages that node sent in its
	 * connect replies: those of batches the client has not acknowledged go out again, and the session
	 * numbers its next replies after the last of them.
	 * @param session the session
	 * @param sentByBatch the messages each batch carried, by batch number, oldest batch first
	 */
	public void resend(ServerSession session, SortedMap<Long, List<EncodedMessage>> sentByBatch) {
		if (!session.isEnded()) {
			sentByBatch.forEach(session::resend);
		}
	}

	/**
	 * Let go of a session that another node took over: no disconnect event, a held connect is
	 * answered empty.
	 * @param session the session
	 */
	public void release(ServerSession session) {
		this.disconnector.accept(session, DisconnectReason.MOVED);
	}

	/**
	 * Queue a message for one session, applying its overflow policy.
	 * @param session the session
	 * @param message the encoded message
	 * @return whether the message was queued
	 */
	public boolean deliverTo(ServerSession session, EncodedMessage message) {
		if (session.isEnded()) {
			return false;
		}
		SessionQueue.Offer offer = session.add(message);
		if (offer == SessionQueue.Offer.QUEUED) {
			return true;
		}
		this.observer.dropped(ServerObserver.DropReason.QUEUE_FULL, 1);
		if (offer == SessionQueue.Offer.REFUSED) {
			this.disconnector.accept(session, DisconnectReason.QUEUE_OVERFLOW);
			return false;
		}
		return true;
	}

}
