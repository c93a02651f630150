package io.github.cometdboot.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.cometd.bayeux.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a test client received on a channel, read with a deadline.
 */
final class Received {

	private Received() {
	}

	/**
	 * Take messages until one matches, within a deadline.
	 * @return the data of every message taken, the matching one last
	 */
	static List<Object> until(BlockingQueue<Message> queue, Predicate<Object> last, Duration timeout)
			throws InterruptedException {
		List<Object> taken = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			Message message = queue.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
			assertThat(message).as("message within %s after %s", timeout, taken).isNotNull();
			taken.add(message.getData());
			if (last.test(message.getData())) {
				return taken;
			}
		}
	}

	/** @return the {@code seq} numbers of the messages of one publisher, in the order received */
	static List<Object> sequenceOf(List<Object> received, String publisher) {
		List<Object> sequence = new ArrayList<>();
		for (Object data : received) {
			if (data instanceof Map<?, ?> map && publisher.equals(map.get("publisher"))
					&& map.get("seq") instanceof Number seq) {
				sequence.add(seq.intValue());
			}
		}
		return sequence;
	}

	/** @return whether the data is the end marker of a publisher */
	static Predicate<Object> endOf(String publisher) {
		return (data) -> data instanceof Map<?, ?> map && publisher.equals(map.get("publisher"))
				&& Boolean.TRUE.equals(map.get("end"));
	}

}
