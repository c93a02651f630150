package io.github.cometdboot.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cometdboot.SecurityPolicy;
import io.github.cometdboot.Message;
import io.github.cometdboot.bayeux.MessageCodec;
import io.github.cometdboot.server.session.ServerSession;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Bayeux client for tests: it sends messages through {@link BayeuxServer#process} exactly as a
 * transport does and decodes the replies into maps.
 * <p>
 * {@link #send} expects the server to answer at once (everything in the hub is synchronous unless a
 * connect is held), so a reply that would wait fails the test instead of hanging it; {@link #sendAsync}
 * returns the pending answer of a connect that the server holds.
 */
final class BayeuxTestClient {

	static final String LONG_POLLING = "long-polling";

	static final String WEBSOCKET = "websocket";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final BayeuxServer server;

	private final TransportContext context;

	private final AtomicInteger ids = new AtomicInteger();

	private @Nullable String clientId;

	/** Messages that came with the replies to requests other than connects, not received yet. */
	private final List<Map<String, Object>> inbox = new ArrayList<>();

	BayeuxTestClient(BayeuxServer server, TransportContext context) {
		this.server = server;
		this.context = context;
	}

	/**
	 * A long-polling client without a browser cookie.
	 */
	static BayeuxTestClient polling(BayeuxServer server) {
		return polling(server, null);
	}

	/**
	 * A long-polling client of the given browser.
	 */
	static BayeuxTestClient polling(BayeuxServer server, @Nullable String browserId) {
		return new BayeuxTestClient(server, TransportContext.polling(LONG_POLLING, browserId));
	}

	/**
	 * A websocket client, whose messages are pushed rather than carried by connect replies.
	 */
	static BayeuxTestClient pushing(BayeuxServer server) {
		return new BayeuxTestClient(server, TransportContext.pushing(WEBSOCKET, null));
	}

	/**
	 * A started server that speaks long-polling and websocket.
	 */
	static BayeuxServer startServer(ServerSettings settings, Scheduler scheduler) {
		return startServer(settings, SecurityPolicy.ALLOW_ALL, scheduler);
	}

	/**
	 * A started server that speaks long-polling and websocket, with the given policy.
	 */
	static BayeuxServer startServer(ServerSettings settings, SecurityPolicy policy, Scheduler scheduler) {
		BayeuxServer server = new BayeuxServer(settings, new MessageCodec(), new InMemoryEngine(), policy, scheduler);
		server.addConnectionType(LONG_POLLING);
		server.addConnectionType(WEBSOCKET);
		server.start();
		return server;
	}

	String clientId() {
		assertThat(this.clientId).as("handshake first").isNotNull();
		return this.clientId;
	}

	ServerSession session() {
		ServerSession session = this.server.sessions().find(clientId());
		assertThat(session).as("live session of %s", this.clientId).isNotNull();
		return session;
	}

	TransportContext context() {
		return this.context;
	}

	/**
	 * Pretend to be another client, with a client id that may be stale or forged.
	 */
	BayeuxTestClient useClientId(@Nullable String clientId) {
		this.clientId = clientId;
		return this;
	}

	String nextId() {
		return String.valueOf(this.ids.incrementAndGet());
	}

	Message handshakeMessage() {
		return Message.on(MetaChannels.HANDSHAKE)
			.put(Message.ID, nextId())
			.put(Message.VERSION, "1.0")
			.put(Message.SUPPORTED_CONNECTION_TYPES, List.of(LONG_POLLING, WEBSOCKET, "callback-polling"));
	}

	/**
	 * Handshake and remember the client id if it succeeds.
	 * @return the handshake reply
	 */
	Map<String, Object> handshake() {
		return handshake(handshakeMessage());
	}

	Map<String, Object> handshake(Message request) {
		Map<String, Object> reply = single(send(request));
		if (Boolean.TRUE.equals(reply.get(Message.SUCCESSFUL))) {
			this.clientId = (String) reply.get(Message.CLIENT_ID);
		}
		return reply;
	}

	/**
	 * Handshake and send the first connect, which the server answers at once: the session is ready to
	 * hold connects.
	 */
	BayeuxTestClient handshakeAndConnect() {
		assertThat(handshake()).containsEntry(Message.SUCCESSFUL, true);
		assertThat(lastConnectReply(connect())).containsEntry(Message.SUCCESSFUL, true);
		return this;
	}

	/**
	 * A message of this client on the given channel, with an id.
	 */
	Message message(String channel) {
		return Message.on(channel).put(Message.ID, nextId()).put(Message.CLIENT_ID, this.clientId);
	}

	Message connectMessage() {
		return message(MetaChannels.CONNECT).put(Message.CONNECTION_TYPE, this.context.connectionType());
	}

	/**
	 * A connect the server must answer at once.
	 * @return the delivered messages followed by the connect reply
	 */
	List<Map<String, Object>> connect() {
		return send(connectMessage());
	}

	/**
	 * A connect the server may hold.
	 * @return the pending delivered messages followed by the connect reply
	 */
	CompletableFuture<List<Map<String, Object>>> connectAsync() {
		return sendAsync(connectMessage());
	}

	/**
	 * Fetch the queued messages with a connect that asks not to be held ({@code advice.timeout: 0}).
	 * @return the delivered messages, without the connect reply
	 */
	List<Map<String, Object>> receive() {
		List<Map<String, Object>> replies = send(connectMessage().put(Message.ADVICE, Map.of("timeout", 0)));
		assertThat(lastConnectReply(replies)).containsEntry(Message.SUCCESSFUL, true);
		List<Map<String, Object>> received = new ArrayList<>(this.inbox);
		this.inbox.clear();
		received.addAll(replies.subList(0, replies.size() - 1));
		return received;
	}

	Map<String, Object> subscribe(Object subscription) {
		return replyKeepingDeliveries(message(MetaChannels.SUBSCRIBE).put(Message.SUBSCRIPTION, subscription));
	}

	Map<String, Object> unsubscribe(Object subscription) {
		return replyKeepingDeliveries(message(MetaChannels.UNSUBSCRIBE).put(Message.SUBSCRIPTION, subscription));
	}

	Map<String, Object> publish(String channel, @Nullable Object data) {
		return replyKeepingDeliveries(message(channel).put(Message.DATA, data));
	}

	/**
	 * Send one message and return its reply. The reply to a polling client's request carries the
	 * messages queued for it meanwhile, before the reply: they are kept for {@link #receive()}, as a
	 * client hands every message it receives to its listeners whichever response brought it.
	 */
	private Map<String, Object> replyKeepingDeliveries(Message request) {
		List<Map<String, Object>> replies = send(request);
		Map<String, Object> reply = replies.get(replies.size() - 1);
		assertThat(reply).containsEntry(Message.CHANNEL, request.channel());
		this.inbox.addAll(replies.subList(0, replies.size() - 1));
		return reply;
	}

	Map<String, Object> disconnect() {
		return single(send(message(MetaChannels.DISCONNECT)));
	}

	/**
	 * Send a batch that the server must answer at once.
	 * @return the decoded replies, in order
	 */
	List<Map<String, Object>> send(Message... messages) {
		CompletableFuture<List<Map<String, Object>>> replies = sendAsync(messages);
		assertThat(replies).as("answered at once").isDone();
		return replies.join();
	}

	/**
	 * Send a batch whose answer may be held.
	 * @return the pending decoded replies
	 */
	CompletableFuture<List<Map<String, Object>>> sendAsync(Message... messages) {
		return processAsync(messages).thenApply(BayeuxTestClient::decode);
	}

	/**
	 * Send a batch and keep the raw answer, to look at the encoded bytes.
	 */
	CompletableFuture<ProcessedBatch> processAsync(Message... messages) {
		return this.server.process(Arrays.asList(messages), this.context).toFuture();
	}

	static List<Map<String, Object>> decode(ProcessedBatch batch) {
		List<Map<String, Object>> decoded = new ArrayList<>(batch.messages().size());
		for (byte[] json : batch.messages()) {
			decoded.add(decode(json));
		}
		return decoded;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> decode(byte[] json) {
		return MAPPER.readValue(json, Map.class);
	}

	/**
	 * The {@code data} of delivered messages, in order.
	 */
	static List<Object> data(List<Map<String, Object>> messages) {
		return messages.stream().map((message) -> message.get(Message.DATA)).toList();
	}

	static Map<String, Object> single(List<Map<String, Object>> replies) {
		assertThat(replies).hasSize(1);
		return replies.get(0);
	}

	/**
	 * The connect reply, which comes after the messages it carries.
	 */
	static Map<String, Object> lastConnectReply(List<Map<String, Object>> replies) {
		assertThat(replies).isNotEmpty();
		Map<String, Object> last = replies.get(replies.size() - 1);
		assertThat(last).containsEntry(Message.CHANNEL, MetaChannels.CONNECT);
		return last;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> advice(Map<String, Object> reply) {
		assertThat(reply).containsKey(Message.ADVICE);
		return (Map<String, Object>) reply.get(Message.ADVICE);
	}

}
