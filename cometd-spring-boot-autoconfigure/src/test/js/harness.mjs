// Helpers of the client's unit tests: a client wired to a FakeServer, and time under the test's control.

import {mock} from 'node:test';
import {CometD} from '../../main/resources/io/github/cometdboot/client/cometd.mjs';
import {FakeServer} from './fake-server.mjs';

export {CometD, FakeServer};

export const ALL_TRANSPORTS = ['websocket', 'eventsource', 'long-polling', 'forever-frame', 'multipart', 'callback-polling'];

/**
 * A client whose every transport reaches the given server.
 * @param {FakeServer} server
 * @param {object} [config] options besides url
 * @param {string[]} [unavailable] transports this "environment" lacks
 */
export function newClient(server, config = {}, unavailable = []) {
    const client = new CometD({url: 'http://server.test/cometd', logLevel: 'none', ...config});
    const classes = server.transportClasses(ALL_TRANSPORTS, unavailable);
    for (const [name, transport] of Object.entries(classes)) {
        client.registerTransport(name, transport);
    }
    return client;
}

/** Mock setTimeout (replies come by setImmediate, which stays real); returns the restore function. */
export function mockTime() {
    mock.timers.enable({apis: ['setTimeout']});
    return () => mock.timers.reset();
}

/** Let replies, the promise chains they start and zero-delay timers run, without moving the clock. */
export async function flush() {
    for (let i = 0; i < 20; i += 1) {
        await new Promise((resolve) => setImmediate(resolve));
        mock.timers.tick(0);
    }
}

/** Move the mocked clock on, then let what that started run. */
export async function advance(ms) {
    mock.timers.tick(ms);
    await flush();
}

/** Records the states a client goes through. */
export function recordStates(client) {
    const states = [];
    client.on('state', (state) => states.push(state));
    return states;
}

/** A connected client: handshake done, first connect answered. */
export async function connected(server, config, unavailable) {
    const client = newClient(server, config, unavailable);
    const handshake = client.handshake();
    await flush();
    await handshake;
    await flush();
    if (client.getState() !== 'connected') {
        throw new Error(`expected connected, is ${client.getState()}`);
    }
    return client;
}
