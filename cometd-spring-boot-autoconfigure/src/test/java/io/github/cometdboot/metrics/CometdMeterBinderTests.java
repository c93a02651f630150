package io.github.cometdboot.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.cometdboot.CometSession;
import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.ChannelId;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.BayeuxServer;
import io.github.cometdboot.server.InMemoryEngine;
import io.github.cometdboot.server.session.OverflowPolicy;
import io.github.cometdboot.server.ProcessedBatch;
import io.github.cometdboot.server.ServerSettings;
import io.github.cometdboot.server.TransportContext;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CometdMeterBinder}: every meter moves with what the hub does, and no tag carries a
 * channel name.
 */
class CometdMeterBinderTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final JsonMapper json = JsonMapper.builder().build();

	private BayeuxServer server;

	@BeforeEach
	void start() {
		this.server = new BayeuxServer(ServerSettings.builder().maxQueue(2).overflowPolicy(OverflowPolicy.DROP_OLDEST).build(),
				new MessageCodec(), new InMemoryEngine(), new SecurityPolicy() {
					@Override
					public reactor.core.publisher.Mono<Boolean> canPublish(CometSession session, ChannelId channel,
							Message message) {
						return reactor.core.publisher.Mono.just(!channel.name().startsWith("/closed/"));
					}
				}, Schedulers.parallel());
		this.server.addConnectionType("long-polling");
		this.server.start();
		new CometdMeterBinder(this.server).bindTo(this.registry);
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void countsHandshakesPublishesDeliveriesAndDrops() {
		String subscriber = handshake();
		send(subscriber, Message.on("/meta/subscribe").put(Message.SUBSCRIPTION, "/chat/room"));
		String publisher = handshake();
		for (int i = 0; i < 3; i++) {
			send(publisher, Message.on("/chat/room").put(Message.DATA, i));
		}
		send(publisher, Message.on("/closed/room").put(Message.DATA, "no"));
		send(null, Message.on("/meta/handshake").put(Message.SUPPORTED_CONNECTION_TYPES, List.of("carrier-pigeon")));

		assertThat(counter("cometd.handshakes", "outcome", "success")).isEqualTo(2);
		assertThat(counter("cometd.handshakes", "outcome", "no_transport")).isEqualTo(1);
		assertThat(counter("cometd.messages.published", "kind", "broadcast")).isEqualTo(3);
		assertThat(counter("cometd.messages.delivered", "kind", "broadcast")).isEqualTo(3);
		// The queue holds 2: the third delivery dropped the oldest; the /closed publish was denied.
		assertThat(counter("cometd.messages.dropped", "reason", "queue_full")).isEqualTo(1);
		assertThat(counter("cometd.messages.dropped", "reason", "denied")).isEqualTo(1);
		assertThat(gauge("cometd.sessions", "transport", "long-polling")).isEqualTo(2);
		assertThat(gauge("cometd.channels", null, null)).isEqualTo(1);
	}

	@Test
	void recordsQueueDepthAndLatencyWhenMessagesAreWritten() {
		String subscriber = handshake();
		send(subscriber, Message.on("/meta/subscribe").put(Message.SUBSCRIPTION, "/chat/room"));
		String publisher = handshake();
		send(publisher, Message.on("/chat/room").put(Message.DATA, "a"));
		send(publisher, Message.on("/chat/room").put(Message.DATA, "b"));
		// A connect with timeout 0 takes the queued messages.
		send(subscriber, Message.on("/meta/connect").put(Message.CONNECTION_TYPE, "long-polling"));
		send(subscriber, Message.on("/meta/connect")
			.put(Message.CONNECTION_TYPE, "long-polling")
			.put(Message.ADVICE, Map.of("timeout", 0)));
		assertThat(this.registry.get("cometd.queue.depth").summary().count()).isEqualTo(1);
		assertThat(this.registry.get("cometd.queue.depth").summary().totalAmount()).isEqualTo(2);
		assertThat(this.registry.get("cometd.delivery.latency").timer().count()).isEqualTo(2);
	}

	@Test
	void tagsAreBoundedAndNeverChannelNames() {
		String publisher = handshake();
		for (int i = 0; i < 20; i++) {
			send(publisher, Message.on("/chat/room" + i).put(Message.DATA, i));
		}
		for (Meter meter : this.registry.getMeters()) {
			assertThat(meter.getId().getName()).startsWith("cometd.");
			meter.getId().getTags().forEach((tag) -> assertThat(tag.getKey()).isIn("transport", "outcome", "kind", "reason", "policy"));
		}
		assertThat(this.registry.getMeters()).hasSizeLessThan(35);
	}

	private String handshake() {
		ProcessedBatch batch = send(null, Message.on("/meta/handshake")
			.put(Message.VERSION, "1.0")
			.put(Message.SUPPORTED_CONNECTION_TYPES, List.of("long-polling")));
		return (String) this.json.readValue(batch.messages().get(0), Map.class).get("clientId");
	}

	private ProcessedBatch send(String clientId, Message message) {
		message.put(Message.CLIENT_ID, clientId);
		return this.server.process(List.of(message), TransportContext.polling("long-polling", null))
			.block(Duration.ofSeconds(5));
	}

	private double counter(String name, String tag, String value) {
		return this.registry.get(name).tag(tag, value).functionCounter().count();
	}

	private double gauge(String name, String tag, String value) {
		return (tag != null) ? this.registry.get(name).tag(tag, value).gauge().value() : this.registry.get(name).gauge().value();
	}

}
