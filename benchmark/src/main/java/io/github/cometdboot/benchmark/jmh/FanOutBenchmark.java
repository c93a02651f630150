package io.github.cometdboot.benchmark.jmh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.InMemoryEngine;
import io.github.cometdboot.server.ProcessedBatch;
import io.github.cometdboot.server.session.ServerSession;
import io.github.cometdboot.server.ServerSettings;
import io.github.cometdboot.server.TransportContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * Fan-out through the hub: one message published to N subscribers of a room, each drained the way the
 * websocket transport drains it ({@link BayeuxServer#outbound}), without a network. Divide the time by
 * N for the cost per delivery.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanOutBenchmark {

	/** Subscribers of the room. */
	@Param({ "10", "1000" })
	public int subscribers;

	private final LongAdder delivered = new LongAdder();

	private final List<Disposable> drains = new ArrayList<>();

	private final Map<String, Object> data = Map.of("user", "ada", "text", "Hello, room seven.");

	private BayeuxServer server;

	private String publisherId;

	private byte[] publishRequest;

	/** Start a hub with the subscribers and their drains. */
	@Setup(Level.Trial)
	public void setUp() {
		this.server = new BayeuxServer(ServerSettings.defaults(), new MessageCodec(), new InMemoryEngine(),
				new SecurityPolicy() {
				}, Schedulers.parallel());
		// The websocket transport registers its connection type; without a transport, the test does it.
		this.server.addConnectionType("websocket");
		this.server.start();
		for (int i = 0; i < this.subscribers; i++) {
			ServerSession session = handshake();
			request(Message.on("/meta/subscribe")
				.put(Message.CLIENT_ID, session.id())
				.put(Message.SUBSCRIPTION, "/chat/room7"));
			this.drains.add(session.outbound().subscribe((batch) -> this.delivered.add(batch.size())));
			if (i == 0) {
				this.publisherId = session.id();
			}
		}
		this.publishRequest = ("[{\"channel\":\"/chat/room7\",\"clientId\":\"" + this.publisherId
				+ "\",\"id\":\"1\",\"data\":{\"user\":\"ada\",\"text\":\"Hello, room seven.\"}}]")
			.getBytes(StandardCharsets.UTF_8);
	}

	private ServerSession handshake() {
		ProcessedBatch reply = request(Message.on("/meta/handshake")
			.put(Message.VERSION, "1.0")
			.put(Message.SUPPORTED_CONNECTION_TYPES, List.of("websocket")));
		return reply.session();
	}

	private ProcessedBatch request(Message message) {
		return this.server.process(List.of(message), TransportContext.pushing("websocket", null)).block();
	}

	/** Stop the drains and the hub. */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.drains.forEach(Disposable::dispose);
		this.server.stop();
	}

	/** Publish from the server side: encode once, queue for every subscriber, drain. */
	@Benchmark
	public void serverPublish() {
		this.server.publish("/chat/room7", this.data).block();
	}

	/**
	 * A client's publish as a transport hands it over: decode the frame, check, publish to every
	 * subscriber, drain, and encode the reply.
	 * @return the reply
	 */
	@Benchmark
	public byte[] clientPublish() {
		List<Message> batch = this.server.codec().decode(this.publishRequest);
		return this.server.process(batch, TransportContext.pushing("websocket", null)).block().toJsonArray();
	}

}
