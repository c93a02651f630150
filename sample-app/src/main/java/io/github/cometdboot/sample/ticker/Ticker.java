package io.github.cometdboot.sample.ticker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.github.cometdboot.CometTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A stock ticker pushed from the server on {@code /ticker/<symbol>}: each tick carries the server's
 * send time, so the page can show how long the push took to arrive.
 */
@Component
public class Ticker implements SmartLifecycle {

	static final List<String> SYMBOLS = List.of("ACME", "GLOBEX", "INITECH", "UMBRELLA");

	private final CometTemplate template;

	private final Duration period;

	private final Map<String, Double> prices = new ConcurrentHashMap<>();

	private volatile Disposable ticking;

	/**
	 * Create the ticker.
	 * @param template publishes the ticks
	 * @param period time between ticks
	 */
	public Ticker(CometTemplate template, @Value("${sample.ticker.period:500ms}") Duration period) {
		this.template = template;
		this.period = period;
		SYMBOLS.forEach((symbol) -> this.prices.put(symbol, 100.0));
	}

	@Override
	public void start() {
		this.ticking = Flux.interval(this.period).subscribe((tick) -> {
			for (String symbol : SYMBOLS) {
				double price = this.prices.merge(symbol, 0.0,
						(old, ignored) -> Math.max(1, old * (1 + ThreadLocalRandom.current().nextGaussian() * 0.004)));
				this.template.publish("/ticker/" + symbol,
						new Tick(symbol, Math.round(price * 100) / 100.0, System.currentTimeMillis()));
			}
		});
	}

	@Override
	public void stop() {
		Disposable current = this.ticking;
		if (current != null) {
			current.dispose();
		}
		this.ticking = null;
	}

	@Override
	public boolean isRunning() {
		return this.ticking != null;
	}

	/**
	 * One price.
	 *
	 * @param symbol the stock
	 * @param price its price
	 * @param sentAt the server's clock when it was published, in epoch milliseconds
	 */
	public record Tick(String symbol, double price, long sentAt) {
	}

}
