package io.github.cometdboot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.github.cometdboot.server.transport.BayeuxRoutes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The transports this application serves, found once among the beans ({@code cometd.<transport>.enabled}
 * decides which exist): the hub advertises exactly their connection types at handshake, and the router
 * routes exactly them.
 */
final class BayeuxTransports {

	private final List<String> connectionTypes = new ArrayList<>();

	private final List<Consumer<BayeuxRoutes>> routes = new ArrayList<>();

	/**
	 * Add a transport if its bean exists.
	 * @param <T> the transport's type
	 * @param transport the transport's bean, if any
	 * @param connectionType its Bayeux connection type
	 * @param route routes requests to it
	 * @return this
	 */
	<T> BayeuxTransports add(ObjectProvider<T> transport, String connectionType, BiConsumer<BayeuxRoutes, T> route) {
		transport.ifAvailable((bean) -> {
			this.connectionTypes.add(connectionType);
			this.routes.add((routes) -> route.accept(routes, bean));
		});
		return this;
	}

	/**
	 * Check that at least one transport exists: a server without one could never be reached.
	 * @return this
	 * @throws IllegalStateException when none does
	 */
	BayeuxTransports requireAny() {
		if (this.connectionTypes.isEmpty()) {
			throw new IllegalStateException("No Bayeux transport is enabled: enable at least one of "
					+ "cometd.websocket, cometd.long-polling, cometd.callback-polling, cometd.eventsource, "
					+ "cometd.forever-frame and cometd.multipart");
		}
		return this;
	}

	/** @return the connection types, in the order the handshake advertises them */
	List<String> connectionTypes() {
		return List.copyOf(this.connectionTypes);
	}

	/**
	 * @param path the Bayeux path
	 * @return the router of the transports at the path
	 */
	RouterFunction<ServerResponse> router(String path) {
		BayeuxRoutes builder = new BayeuxRoutes(path);
		this.routes.forEach((route) -> route.accept(builder));
		return builder.build();
	}

}
