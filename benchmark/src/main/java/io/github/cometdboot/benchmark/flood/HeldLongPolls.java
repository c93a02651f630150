package io.github.cometdboot.benchmark.flood;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.cometdboot.benchmark.load.Ledger;
import io.github.cometdboot.benchmark.load.LongPollingClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Many long-polling clients from the attack's addresses, each a browser of its own, each holding a
 * {@code /meta/connect} (and so a connection) all the time: what a single address can take of the
 * server's connections.
 */
final class HeldLongPolls implements Attack {

	private final String url;

	private final List<String> addresses;

	private final int count;

	private final Ledger ledger = new Ledger();

	private final Outcomes outcomes = new Outcomes();

	private final List<LongPollingClient> clients = new ArrayList<>();

	private final ConnectionProvider pool;

	/**
	 * @param url the Bayeux URL
	 * @param addresses the local addresses the clients' connections take in turn
	 * @param count how many clients
	 */
	HeldLongPolls(String url, List<String> addresses, int count) {
		this.url = url;
		this.addresses = addresses;
		this.count = count;
		this.pool = ConnectionProvider.builder("held-polls")
			.maxConnections(count * 2 + 8)
			.pendingAcquireMaxCount(-1)
			.build();
	}

	@Override
	public String name() {
		return "held long polls, " + this.addresses.size() + ((this.addresses.size() == 1) ? " address" : " addresses");
	}

	@Override
	public void start() {
		HttpClient http = Loopback.bind(HttpClient.create(this.pool), this.addresses);
		for (int i = 0; i < this.count; i++) {
			this.clients.add(new LongPollingClient(i, "/flood/held/" + i, this.ledger, http, this.url));
		}
		Flux.fromIterable(this.clients)
			.flatMap((client) -> client.start()
				.doOnSuccess((ignored) -> this.outcomes.add("holding"))
				.onErrorResume((ex) -> {
					this.outcomes.add("not started: " + ex.getMessage());
					return Mono.empty();
				}), 64)
			.blockLast(Duration.ofSeconds(90));
	}

	@Override
	public Outcomes outcomes() {
		Outcomes result = new Outcomes();
		this.outcomes.snapshot().forEach(result::add);
		if (this.ledger.errors() > 0) {
			result.add("errors, last: " + this.ledger.lastError(), this.ledger.errors());
		}
		return result;
	}

	@Override
	public void stop() {
		Flux.fromIterable(this.clients).flatMap(LongPollingClient::stop, 64).blockLast(Duration.ofSeconds(60));
		this.clients.clear();
		this.pool.disposeLater().block(Duration.ofSeconds(30));
	}

}
