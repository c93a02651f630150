package io.github.cometdboot.benchmark.flood;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.netty.http.client.HttpClient;

/**
 * Addresses of the loopback network, {@code 127.0.0.0/8}, which Linux answers on every one of them:
 * a client bound to {@code 127.0.0.2} reaches a server on {@code 127.0.0.1} and is another client
 * address to it. So the healthy client and the attackers stay apart in what the server limits per
 * address.
 */
final class Loopback {

	private Loopback() {
	}

	/**
	 * @param first the last octet of the first address
	 * @param count how many
	 * @return {@code 127.0.0.first}, {@code 127.0.0.(first+1)}, ...
	 */
	static List<String> addresses(int first, int count) {
		List<String> result = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			result.add("127.0.0." + (first + i));
		}
		return result;
	}

	/**
	 * @param http a client
	 * @param addresses the local addresses its new connections take in turn
	 * @return the client, binding each new connection to the next address
	 */
	static HttpClient bind(HttpClient http, List<String> addresses) {
		AtomicInteger next = new AtomicInteger();
		return http.bindAddress(() -> new InetSocketAddress(
				addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size())), 0));
	}

}
