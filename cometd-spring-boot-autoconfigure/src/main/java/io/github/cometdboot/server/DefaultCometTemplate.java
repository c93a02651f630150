package io.github.cometdboot.server;

import io.github.cometdboot.CometSession;
import io.github.cometdboot.CometTemplate;
import io.github.cometdboot.Message;
import io.github.cometdboot.support.ClientFailureLog;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@link CometTemplate} of a {@link BayeuxServer}.
 */
public final class DefaultCometTemplate implements CometTemplate {

	/** Channels are often built from what clients send (a room name), so the log escapes and limits them. */
	private final ClientFailureLog failures = new ClientFailureLog(LoggerFactory.getLogger(CometTemplate.class));

	private final BayeuxServer server;

	/**
	 * Create a template.
	 * @param server the Bayeux server
	 */
	public DefaultCometTemplate(BayeuxServer server) {
		this.server = server;
	}

	@Override
	public void publish(String channel, Object data) {
		publishReactive(channel, data).subscribe(null, (ex) -> this.failures.warn(ex, "Publish on {} failed", channel));
	}

	@Override
	public Mono<Void> publishReactive(String channel, Object data) {
		return this.server.publish(channel, data);
	}

	@Override
	public boolean deliver(CometSession session, String channel, @Nullable Object data) {
		return session.deliver(channel, data);
	}

	@Override
	public boolean deliver(String clientId, String channel, @Nullable Object data) {
		return this.server.deliver(Recipient.client(clientId), channel, data) > 0;
	}

	@Override
	public int deliverToUser(String user, String channel, @Nullable Object data) {
		return this.server.deliver(Recipient.user(user), channel, data);
	}

	@Override
	public Mono<Integer> deliverToUserReactive(String user, String channel, @Nullable Object data) {
		return Mono.fromSupplier(() -> deliverToUser(user, channel, data));
	}

	@Override
	public Flux<Message> subscribe(String pattern) {
		return this.server.subscribe(pattern);
	}

}
