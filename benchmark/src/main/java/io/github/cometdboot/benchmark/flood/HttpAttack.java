package io.github.cometdboot.benchmark.flood;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * An attack of many loops, each on a keep-alive connection of its own from the attack's addresses,
 * each going as fast as the server answers: what a loop does is the subclass's.
 */
abstract class HttpAttack implements Attack {

	private final String name;

	private final String url;

	private final List<String> addresses;

	private final int loops;

	private final Outcomes outcomes = new Outcomes();

	private volatile boolean running;

	private @Nullable ConnectionProvider pool;

	private @Nullable CompletableFuture<Void> done;

	/**
	 * @param name the attack's name in the report
	 * @param url the Bayeux URL
	 * @param addresses the local addresses the connections take in turn
	 * @param loops how many loops, one connection each
	 */
	HttpAttack(String name, String url, List<String> addresses, int loops) {
		this.name = name;
		this.url = url;
		this.addresses = addresses;
		this.loops = loops;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void start() {
		ConnectionProvider connections = ConnectionProvider.builder("flood")
			.maxConnections(this.loops)
			.pendingAcquireMaxCount(-1)
			.build();
		this.pool = connections;
		BayeuxPost post = new BayeuxPost(Loopback.bind(HttpClient.create(connections), this.addresses), this.url);
		this.running = true;
		this.done = Flux.range(0, this.loops)
			.flatMap((loop) -> Mono.defer(() -> loop(loop, post)).repeat(this::isRunning).then(), this.loops)
			.then()
			.toFuture();
	}

	/**
	 * One round of a loop; it is repeated while the attack runs.
	 * @param loop the loop's index
	 * @param post the attack's client
	 * @return a mono that completes when the round is done
	 */
	protected abstract Mono<Void> loop(int loop, BayeuxPost post);

	/** @return whether the attack goes on */
	protected boolean isRunning() {
		return this.running;
	}

	@Override
	public Outcomes outcomes() {
		return this.outcomes;
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			CompletableFuture<Void> loopsDone = this.done;
			if (loopsDone != null) {
				// Each loop ends with its request in flight, which a timeout bounds.
				loopsDone.get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (Exception ex) {
			this.outcomes.add("stopped with " + ex.getClass().getSimpleName());
		}
		finally {
			ConnectionProvider connections = this.pool;
			if (connections != null) {
				connections.disposeLater().block(Duration.ofSeconds(30));
			}
		}
	}

}
