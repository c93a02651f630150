package io.github.cometdboot.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracks which sessions of each browser hold a long poll. HTTP/1.1 browsers allow few connections per
 * host, so only {@code maxSessionsPerBrowser} sessions of one browser may hold a connect; the others
 * are told to poll ({@code multiple-clients} advice).
 */
final class BrowserConnects {

	private final ConcurrentHashMap<String, Set<String>> holdersByBrowser = new ConcurrentHashMap<>();

	private final int maxSessionsPerBrowser;

	BrowserConnects(int maxSessionsPerBrowser) {
		this.maxSessionsPerBrowser = maxSessionsPerBrowser;
	}

	/**
	 * Try to register a session of a browser as holding a long poll.
	 * @param browserId the browser
	 * @param sessionId the session
	 * @return {@code false} when other sessions of the browser already hold all the allowed polls
	 */
	boolean tryHold(String browserId, String sessionId) {
		boolean[] granted = new boolean[1];
		this.holdersByBrowser.compute(browserId, (key, holders) -> {
			Set<String> result = (holders != null) ? holders : ConcurrentHashMap.newKeySet();
			if (result.contains(sessionId) || result.size() < this.maxSessionsPerBrowser) {
				result.add(sessionId);
				granted[0] = true;
			}
			return result.isEmpty() ? null : result;
		});
		return granted[0];
	}

	/**
	 * A session of the browser no longer holds a long poll.
	 * @param browserId the browser
	 * @param sessionId the session
	 */
	void release(String browserId, String sessionId) {
		this.holdersByBrowser.computeIfPresent(browserId, (key, holders) -> {
			holders.remove(sessionId);
			return holders.isEmpty() ? null : holders;
		});
	}

	/** @return the number of browsers holding at least one long poll */
	int browsers() {
		return this.holdersByBrowser.size();
	}

}
