package io.github.cometdboot.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.cometdboot.ChannelKind;
import io.github.cometdboot.server.session.EncodedMessage;

/**
 * Hands every observation to each registered {@link ServerObserver}; with none registered it costs a
 * check of an empty list.
 */
final class CompositeObserver implements ServerObserver {

	private final List<ServerObserver> observers = new CopyOnWriteArrayList<>();

	void add(ServerObserver observer) {
		this.observers.add(observer);
	}

	@Override
	public void handshake(String outcome) {
		for (ServerObserver observer : this.observers) {
			observer.handshake(outcome);
		}
	}

	@Override
	public void published(ChannelKind kind) {
		for (ServerObserver observer : this.observers) {
			observer.published(kind);
		}
	}

	@Override
	public void delivered(ChannelKind kind, int sessions) {
		for (ServerObserver observer : this.observers) {
			observer.delivered(kind, sessions);
		}
	}

	@Override
	public void dropped(DropReason reason, int count) {
		for (ServerObserver observer : this.observers) {
			observer.dropped(reason, count);
		}
	}

	@Override
	public void refused(RefusalReason reason) {
		for (ServerObserver observer : this.observers) {
			observer.refused(reason);
		}
	}

	@Override
	public void written(List<EncodedMessage> batch) {
		if (batch.isEmpty()) {
			return;
		}
		for (ServerObserver observer : this.observers) {
			observer.written(batch);
		}
	}

}
