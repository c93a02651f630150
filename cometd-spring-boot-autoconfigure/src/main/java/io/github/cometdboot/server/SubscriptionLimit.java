package io.github.cometdboot.server;

import java.util.List;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.server.session.ServerSession;

/**
 * Limits how many channels (or wildcards) one session may subscribe to, so that a client cannot grow
 * the channel registry without bound. Service channels are not recorded and do not count.
 */
final class SubscriptionLimit {

	private final int max;

	/**
	 * @param max the most subscriptions a session may hold; zero means no limit
	 */
	SubscriptionLimit(int max) {
		this.max = max;
	}

	/**
	 * Whether a subscribe request would take the session over the limit.
	 * @param session the session
	 * @param request the {@code /meta/subscribe} message
	 * @return whether to refuse it
	 */
	boolean exceeds(ServerSession session, Message request) {
		if (this.max == 0) {
			return false;
		}
		Object subscription = request.get(Message.SUBSCRIPTION);
		List<?> names = (subscription instanceof List<?> list) ? list : List.of(String.valueOf(subscription));
		int added = 0;
		for (Object name : names) {
			ChannelId channel = (name instanceof String text) ? ChannelId.parse(text) : null;
			if (channel != null && !channel.isService() && !session.subscriptions().contains(channel)) {
				added++;
			}
		}
		return added > 0 && session.subscriptions().size() + added > this.max;
	}

}
