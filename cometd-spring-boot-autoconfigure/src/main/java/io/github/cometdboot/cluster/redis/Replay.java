package io.github.cometdboot.cluster.redis;

import java.util.Map;

import io.github.cometdboot.ChannelId;

import org.springframework.data.redis.connection.stream.RecordId;

/**
 * Which bus entries a session taken over missed: publications on the channels it subscribes to
 * (each counted from when the subscription was made) and messages addressed to it or to its user.
 *
 * @param clientId the session's client id
 * @param claim what its previous owner shared
 */
record Replay(String clientId, SessionStore.Claim claim) {

	boolean includes(BusEntry entry, RecordId id) {
		return switch (entry.type()) {
			case BusEntry.PUBLISH -> subscribed(ChannelId.of(entry.channel()), id);
			case BusEntry.CLIENT -> this.clientId.equals(entry.target());
			case BusEntry.USER -> this.claim.user() != null && this.claim.user().equals(entry.target());
			default -> false;
		};
	}

	private boolean subscribed(ChannelId channel, RecordId id) {
		for (Map.Entry<String, String> subscription : this.claim.subscriptions().entrySet()) {
			if (ChannelId.of(subscription.getKey()).matches(channel)
					&& BusReader.isAfter(id, RecordId.of(subscription.getValue()))) {
				return true;
			}
		}
		return false;
	}

}
