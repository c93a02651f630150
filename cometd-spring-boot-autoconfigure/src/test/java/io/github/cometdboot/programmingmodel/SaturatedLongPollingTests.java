package io.github.cometdboot.programmingmodel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A freshly started server kept saturated by long-polling clients: 200 official CometD Java clients
 * in 10 rooms over one shared HTTP client (as a load tool or a server-side integration sets them up),
 * and two feeds publishing on every room, up to 1,000 publications a second in all (100 messages a
 * second for each client, 20,000 deliveries a second: more than this test's machine delivers while the
 * server is cold) and otherwise as fast as the server answers them. Every client keeps its session and receives every message of its
 * room exactly once, however slow the server is: the test asserts no {@code 402} and no loss, never a
 * time.
 * <p>
 * With the native epoll transport, some keep-alive connections had their next request left unread for
 * seconds under this load, and sessions of clients that were still polling were pruned (see
 * {@code CometdNettyConfiguration}).
 */
// All 202 clients share one address, as a load tool's do: no per-address handshake rate.
@SpringBootTest(classes = ChatTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "cometd.limits.max-handshake-rate=0")
class SaturatedLongPollingTests {

	private static final int CLIENTS = 200;

	private static final int ROOMS = 10;

	private static final int FEEDS = 2;

	/** Publications per feed and room: each client is owed {@code FEEDS * PER_ROOM} messages. */
	private static final int PER_ROOM = 800;

	/** Publications each feed sends per 10 ms tick of the pacer, spread over the rooms: 1,000/s in all. */
	private static final int PER_TICK = 5;

	/**
	 * Publications of a feed that may await their reply. Enough to keep every connection of the shared
	 * HTTP client busy with a request for the server, which is what saturates it; bounded, so that the
	 * client's own request queue (first in first out, shared with the connects) stays short and never
	 * refuses a request: what the test sees is the server's doing.
	 */
	private static final int IN_FLIGHT = 400;

	@LocalServerPort
	private int port;

	private final HttpClient http = new HttpClient();

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private final List<BayeuxClient> clients = new ArrayList<>();

	/** What went wrong on any client: failed connects (a {@code 402}), handshakes after the first, failed publishes. */
	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	@BeforeEach
	void startHttpClient() throws Exception {
		this.http.setMaxConnectionsPerDestination(CLIENTS * 2 + 32);
		this.http.setMaxRequestsQueuedPerDestination(CLIENTS + FEEDS * IN_FLIGHT);
		this.http.start();
	}

	@AfterEach
	void stop() throws Exception {
		for (BayeuxClient client : this.clients) {
			client.disconnect();
		}
		this.http.stop();
		this.scheduler.shutdownNow();
	}

	@Test
	void everyPollingClientKeepsItsSessionAndEveryMessage() throws Exception {
		List<Inbox> inboxes = new ArrayList<>();
		CountDownLatch everyDelivery = new CountDownLatch(CLIENTS * FEEDS * PER_ROOM);
		List<CompletableFuture<Message>> subscribed = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			BayeuxClient client = connected("client " + i);
			Inbox inbox = new Inbox(everyDelivery);
			inboxes.add(inbox);
			CompletableFuture<Message> reply = new CompletableFuture<>();
			client.getChannel(room(i % ROOMS)).subscribe(inbox, reply::complete);
			subscribed.add(reply);
		}
		for (CompletableFuture<Message> reply : subscribed) {
			assertThat(reply.get(30, TimeUnit.SECONDS).isSuccessful()).isTrue();
		}
		List<BayeuxClient> feeds = new ArrayList<>();
		for (int feed = 0; feed < FEEDS; feed++) {
			feeds.add(connected("feed " + feed));
		}

		publishFromEveryFeed(feeds);

		boolean all = everyDelivery.await(60, TimeUnit.SECONDS);
		assertThat(this.failures).as("connect, handshake and publish failures").isEmpty();
		for (int i = 0; i < CLIENTS; i++) {
			assertThat(inboxes.get(i).duplicates.get()).as("duplicates of client %d", i).isZero();
			assertThat(inboxes.get(i).received()).as("messages of client %d", i).isEqualTo(FEEDS * PER_ROOM);
		}
		assertThat(all).isTrue();
	}

	/**
	 * Each feed publishes up to {@code PER_TICK} messages every 10 ms, with at most {@code IN_FLIGHT}
	 * unanswered, until it sent its share.
	 */
	private void publishFromEveryFeed(List<BayeuxClient> feeds) throws Exception {
		int total = ROOMS * PER_ROOM;
		CountDownLatch done = new CountDownLatch(feeds.size());
		List<ScheduledFuture<?>> pacers = new ArrayList<>();
		for (int feed = 0; feed < feeds.size(); feed++) {
			BayeuxClient client = feeds.get(feed);
			int feedIndex = feed;
			AtomicInteger next = new AtomicInteger();
			Semaphore unanswered = new Semaphore(IN_FLIGHT);
			pacers.add(this.scheduler.scheduleAtFixedRate(() -> {
				for (int k = 0; k < PER_TICK && unanswered.tryAcquire(); k++) {
					int sequence = next.getAndIncrement();
					if (sequence >= total) {
						unanswered.release();
						if (sequence == total) {
							done.countDown();
						}
						return;
					}
					Map<String, Object> data = Map.of("feed", feedIndex, "seq", sequence);
					client.getChannel(room(sequence % ROOMS)).publish(data, (reply) -> {
						unanswered.release();
						if (!reply.isSuccessful()) {
							this.failures.add("publish: " + reply);
						}
					});
				}
			}, 0, 10, TimeUnit.MILLISECONDS));
		}
		assertThat(done.await(120, TimeUnit.SECONDS)).as("every publication sent").isTrue();
		pacers.forEach((pacer) -> pacer.cancel(false));
	}

	private BayeuxClient connected(String name) throws Exception {
		BayeuxClient client = new BayeuxClient("http://127.0.0.1:" + this.port + "/cometd", this.scheduler,
				new JettyHttpClientTransport(new HashMap<>(), this.http));
		this.clients.add(client);
		AtomicInteger handshakes = new AtomicInteger();
		client.getChannel(Channel.META_HANDSHAKE).addListener((ClientSessionChannel.MessageListener) (channel, reply) -> {
			if (handshakes.incrementAndGet() > 1) {
				this.failures.add(name + " handshook again: " + reply);
			}
		});
		client.getChannel(Channel.META_CONNECT).addListener((ClientSessionChannel.MessageListener) (channel, reply) -> {
			if (!reply.isSuccessful() && !client.isDisconnected()) {
				this.failures.add(name + " connect failed: " + reply.get(Message.ERROR_FIELD));
			}
		});
		client.handshake();
		assertThat(client.waitFor(30_000, BayeuxClient.State.CONNECTED)).as("%s connected", name).isTrue();
		return client;
	}

	private static String room(int index) {
		return "/saturation/room" + index;
	}

	/** What one client received: the sequence numbers of each feed, duplicates counted apart. */
	private static final class Inbox implements ClientSessionChannel.MessageListener {

		private final BitSet[] seen = new BitSet[FEEDS];

		private final AtomicInteger duplicates = new AtomicInteger();

		private final CountDownLatch everyDelivery;

		Inbox(CountDownLatch everyDelivery) {
			this.everyDelivery = everyDelivery;
			for (int feed = 0; feed < FEEDS; feed++) {
				this.seen[feed] = new BitSet();
			}
		}

		@Override
		public void onMessage(ClientSessionChannel channel, Message message) {
			Map<String, Object> data = message.getDataAsMap();
			int feed = ((Number) data.get("feed")).intValue();
			int sequence = ((Number) data.get("seq")).intValue();
			boolean fresh;
			synchronized (this) {
				fresh = !this.seen[feed].get(sequence);
				this.seen[feed].set(sequence);
			}
			if (fresh) {
				this.everyDelivery.countDown();
			}
			else {
				this.duplicates.incrementAndGet();
			}
		}

		synchronized int received() {
			int total = 0;
			for (BitSet sequences : this.seen) {
				total += sequences.cardinality();
			}
			return total;
		}

	}

}
