package io.github.cometdboot.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.github.cometdboot.ChannelId;
import io.github.cometdboot.server.history.ChannelHistory;
import io.github.cometdboot.server.history.HistoryPosition;
import io.github.cometdboot.server.session.EncodedMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Publishes on the channels that keep history: each message is numbered by the history and handed to
 * the engine in number order per channel, so that every subscriber receives a channel's offsets in
 * increasing order even when several threads publish on it at once (a client that drops what it has
 * by offset would otherwise drop the one that came late).
 * <p>
 * Each channel has a sequence of publishes, served one after the other by whichever thread is
 * publishing (no thread waits for a lock while messages are delivered, so a delivery that publishes
 * again, on this channel or another, cannot deadlock). A channel's sequence lives as long as the
 * server, like its offset counter in the history.
 */
final class HistorySequencer {

	private final ChannelHistory history;

	private final Map<ChannelId, FluxSink<Publication>> sequences = new ConcurrentHashMap<>();

	HistorySequencer(ChannelHistory history) {
		this.history = history;
	}

	/**
	 * Number, store and hand on a message, after the earlier ones of its channel.
	 * @param channel the channel, which keeps history
	 * @param encoder encodes the message with its position
	 * @param handOn hands the stored message to the engine
	 * @return the message once handed on
	 */
	Mono<EncodedMessage> publish(ChannelId channel, Function<HistoryPosition, EncodedMessage> encoder,
			Function<EncodedMessage, Mono<Void>> handOn) {
		return Mono.defer(() -> {
			Publication publication = new Publication(encoder, handOn, Sinks.one());
			sequenceOf(channel).next(publication);
			return publication.done().asMono();
		});
	}

	private FluxSink<Publication> sequenceOf(ChannelId channel) {
		return this.sequences.computeIfAbsent(channel, (key) -> {
			AtomicReference<FluxSink<Publication>> sink = new AtomicReference<>();
			// FluxSink.next may be called from any thread: the calls are serialized, and concatMap serves
			// one publication at a time, in the order they came.
			Flux.<Publication>create(sink::set).concatMap((publication) -> serve(key, publication)).subscribe();
			return sink.get();
		});
	}

	private Mono<Void> serve(ChannelId channel, Publication publication) {
		return this.history.append(channel, publication.encoder())
			.flatMap((message) -> publication.handOn().apply(message).thenReturn(message))
			// One emission per publication, from the one thread serving the sequence: it cannot fail.
			.doOnNext((message) -> publication.done().tryEmitValue(message))
			.doOnError((error) -> publication.done().tryEmitError(error))
			.onErrorResume((error) -> Mono.empty())
			.then();
	}

	private record Publication(Function<HistoryPosition, EncodedMessage> encoder,
			Function<EncodedMessage, Mono<Void>> handOn, Sinks.One<EncodedMessage> done) {
	}

}
