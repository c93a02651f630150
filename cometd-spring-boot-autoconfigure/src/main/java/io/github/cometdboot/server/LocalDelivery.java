package io.github.cometdboot.server;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

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

	LocalDelivery(ChannelRegistry channels, PatternRegistry<Consumer<EncodedMessage>> localSubscriptions,
			boolean broadcastToPublisher, LongSupplier clock, BiConsumer<ServerSession, DisconnectReason> disconnector,
			ServerObserver observer) {
		this.observer = observer;
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
