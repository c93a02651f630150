package io.github.cometdboot.benchmark.load;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The books of a run: what every subscriber received from every publisher (to count loss and
 * duplicates exactly), the latency of the messages sent in the measured window, and the deliveries
 * received while the window was open.
 */
public final class Ledger {

	private static final long HIGHEST_LATENCY_MICROS = 120_000_000L;

	private final long origin = System.nanoTime();

	private final Histogram latencyMicros = new ConcurrentHistogram(HIGHEST_LATENCY_MICROS, 3);

	private final LongAdder deliveredInWindow = new LongAdder();

	private final LongAdder received = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder unexpected = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder connectReplies = new LongAdder();

	private volatile String lastErrorText = "";

	private volatile long windowStart = Long.MAX_VALUE;

	private volatile long windowEnd = Long.MAX_VALUE;

	private final DeliveryObserver observer;

	/** Books with no observer of single deliveries. */
	public Ledger() {
		this((inbox, message, latencyNanos) -> {
		});
	}

	/**
	 * @param observer told of every first delivery of a probe, for books of its own (such as a latency
	 * histogram per phase of the flood benchmark)
	 */
	public Ledger(DeliveryObserver observer) {
		this.observer = observer;
	}

	/** @return nanoseconds since the run began: the clock of every probe */
	public long now() {
		return System.nanoTime() - this.origin;
	}

	/** Open the measured window now. */
	public void openWindow() {
		this.windowStart = now();
	}

	/** Close the measured window now. */
	public void closeWindow() {
		this.windowEnd = now();
	}

	/**
	 * Book one delivered probe for a subscriber.
	 * @param inbox what the subscriber has received so far, guarded by its own lock
	 * @param message the probe
	 */
	public void delivered(Inbox inbox, Received message) {
		long now = now();
		this.received.increment();
		if (now >= this.windowStart && now < this.windowEnd) {
			this.deliveredInWindow.increment();
		}
		if (message.sequence() < 0 || message.sequence() > Integer.MAX_VALUE) {
			this.unexpected.increment();
			return;
		}
		if (!inbox.firstTime(message.publisher(), (int) message.sequence())) {
			this.duplicates.increment();
			return;
		}
		long sent = message.sentNanos();
		this.observer.delivered(inbox, message, now - sent);
		if (sent >= this.windowStart && sent < this.windowEnd) {
			long micros = Math.max(0, (now - sent) / 1000);
			this.latencyMicros.recordValue(Math.min(micros, HIGHEST_LATENCY_MICROS));
		}
	}

	/**
	 * Count a failure: a failed reply, a transport error, a timeout.
	 * @param what a short description, kept for the summary
	 */
	public void error(String what) {
		this.errors.increment();
		this.lastErrorText = what;
	}

	/** Count a {@code /meta/connect} reply: long polls per delivery tell how well a server batches. */
	public void connectReplied() {
		this.connectReplies.increment();
	}

	/** @return the {@code /meta/connect} replies received */
	public long connectReplies() {
		return this.connectReplies.sum();
	}

	/** @return the latency histogram of the probes sent in the window, in microseconds */
	public Histogram latencyMicros() {
		return this.latencyMicros;
	}

	/** @return the deliveries received while the window was open */
	public long deliveredInWindow() {
		return this.deliveredInWindow.sum();
	}

	/** @return every probe delivery received, duplicates included */
	public long received() {
		return this.received.sum();
	}

	/** @return deliveries of a probe a subscriber had already received */
	public long duplicates() {
		return this.duplicates.sum();
	}

	/** @return probes with a sequence number that was never sent */
	public long unexpected() {
		return this.unexpected.sum();
	}

	/** @return failures counted */
	public long errors() {
		return this.errors.sum();
	}

	/** @return the description of the latest failure */
	public String lastError() {
		return this.lastErrorText;
	}

	/** @return the measured window's length in nanoseconds */
	public long windowNanos() {
		return this.windowEnd - this.windowStart;
	}

	/**
	 * Told of each probe a subscriber receives for the first time, on the thread that read it.
	 */
	@FunctionalInterface
	public interface DeliveryObserver {

		/**
		 * @param inbox the subscriber's inbox, which tells the subscriber
		 * @param message the probe
		 * @param latencyNanos from when it was due to be sent until now
		 */
		void delivered(Inbox inbox, Received message, long latencyNanos);

	}

	/**
	 * What one subscriber has received: a set of sequence numbers per publisher.
	 */
	public static final class Inbox {

		private final Map<Integer, BitSet> seen = new HashMap<>();

		synchronized boolean firstTime(int publisher, int sequence) {
			BitSet sequences = this.seen.computeIfAbsent(publisher, (key) -> new BitSet());
			if (sequences.get(sequence)) {
				return false;
			}
			sequences.set(sequence);
			return true;
		}

		/**
		 * @param publisher a publisher's index
		 * @param sent how many messages it sent
		 * @return how many of its first {@code sent} sequence numbers this subscriber received
		 */
		public synchronized int receivedOf(int publisher, int sent) {
			BitSet sequences = this.seen.get(publisher);
			return (sequences != null) ? sequences.get(0, sent).cardinality() : 0;
		}

	}

}
