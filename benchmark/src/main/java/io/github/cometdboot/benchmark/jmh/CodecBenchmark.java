package io.github.cometdboot.benchmark.jmh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON codec on typical traffic: a client's publish request, a websocket frame of ten publishes,
 * a delivered chat message encoded once, and ten encoded messages joined into one response.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

	private final MessageCodec codec = new MessageCodec();

	private byte[] publishRequest;

	private byte[] frameOfTen;

	private Message delivered;

	private List<byte[]> encodedTen;

	/** Build the inputs. */
	@Setup
	public void setUp() {
		String publish = "{\"channel\":\"/chat/room7\",\"clientId\":\"3v1f0pxk2q9m7a8bz4n6c5d1e0\",\"id\":\"42\","
				+ "\"data\":{\"user\":\"ada\",\"text\":\"Hello, room seven: the build is green again.\",\"ts\":1732470000123}}";
		this.publishRequest = ("[" + publish + "]").getBytes(StandardCharsets.UTF_8);
		this.frameOfTen = ("[" + String.join(",", Collections.nCopies(10, publish)) + "]")
			.getBytes(StandardCharsets.UTF_8);
		this.delivered = Message.on("/chat/room7")
			.put(Message.DATA, Map.of("user", "ada", "text", "Hello, room seven: the build is green again.", "ts",
					1732470000123L));
		this.encodedTen = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			this.encodedTen.add(this.codec.encode(this.delivered));
		}
	}

	/** @return the decoded publish request */
	@Benchmark
	public List<Message> decodePublish() {
		return this.codec.decode(this.publishRequest);
	}

	/** @return the decoded frame of ten publishes */
	@Benchmark
	public List<Message> decodeFrameOfTen() {
		return this.codec.decode(this.frameOfTen);
	}

	/** @return a delivered message, encoded once for all its subscribers */
	@Benchmark
	public byte[] encodeDelivered() {
		return this.codec.encode(this.delivered);
	}

	/** @return ten encoded messages joined into one array */
	@Benchmark
	public byte[] joinTen() {
		return MessageCodec.joinArray(this.encodedTen);
	}

}
