// Transport negotiation: the order tried, the intersection with the server's types, and fallback
// when a transport is refused, silent, or fails on its first connect.

import {test, beforeEach, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {ALL_TRANSPORTS, CometD, FakeServer, advance, connected, flush, mockTime, newClient, recordStates} from './harness.mjs';

let restoreTime;
beforeEach(() => {
    restoreTime = mockTime();
});
afterEach(() => restoreTime());

test('default order is websocket, eventsource, long-polling, forever-frame, multipart, callback-polling', () => {
    assert.deepEqual([...CometD.DEFAULT_TRANSPORTS], ALL_TRANSPORTS);
    assert.deepEqual(new CometD({url: 'http://server.test/cometd'}).getConfiguration().transports, ALL_TRANSPORTS);
});

test('handshakes over websocket first, offering every available type in order', async () => {
    const server = new FakeServer();
    const client = await connected(server);
    const [handshake] = server.sentOn('/meta/handshake');
    assert.deepEqual(handshake.supportedConnectionTypes, ALL_TRANSPORTS);
    assert.equal(handshake.version, '1.0');
    assert.equal(server.batchesWith('/meta/handshake')[0].transport, 'websocket');
    assert.equal(client.getTransport(), 'websocket');
    assert.equal(server.sentOn('/meta/connect')[0].connectionType, 'websocket');
});

test('transports this environment lacks are neither offered nor tried', async () => {
    const server = new FakeServer();
    const client = await connected(server, {}, ['websocket', 'eventsource']);
    assert.deepEqual(server.sentOn('/meta/handshake')[0].supportedConnectionTypes,
        ['long-polling', 'forever-frame', 'multipart', 'callback-polling']);
    assert.equal(client.getTransport(), 'long-polling');
    assert.ok(server.transports.every((transport) => !['websocket', 'eventsource'].includes(transport.name)));
});

test('the order is configurable: the transports option is tried as given', async () => {
    const server = new FakeServer();
    const client = await connected(server, {transports: ['callback-polling', 'websocket']});
    assert.deepEqual(server.sentOn('/meta/handshake')[0].supportedConnectionTypes, ['callback-polling', 'websocket']);
    assert.equal(client.getTransport(), 'callback-polling');
});

test('intersects with the server: moves to the first type both have, keeping the session', async () => {
    const server = new FakeServer({types: ['long-polling', 'callback-polling']});
    const client = newClient(server, {transports: ['eventsource', 'long-polling', 'callback-polling']});
    const transports = [];
    client.on('transport', (name) => transports.push(name));
    await client.handshake().then(flush);
    assert.equal(client.getState(), 'connected');
    assert.deepEqual(transports, ['long-polling']);
    assert.equal(server.sentOn('/meta/handshake').length, 1, 'no second handshake');
    assert.deepEqual(new Set(server.sentOn('/meta/connect').map((message) => message.connectionType)), new Set(['long-polling']));
    assert.deepEqual(server.transports.map((transport) => transport.name), ['eventsource', 'long-polling']);
    assert.equal(server.sentOn('/meta/connect')[0].clientId, client.getClientId());
});

test('no type in common: the handshake is rejected and the client is disconnected', async () => {
    const server = new FakeServer({types: ['long-polling']});
    const client = newClient(server, {transports: ['eventsource', 'multipart']});
    const rejected = assert.rejects(client.handshake(), /No transport in common/);
    await flush();
    await rejected;
    assert.equal(client.getState(), 'disconnected');
});

test('a refused websocket falls back to the next transport at once', async () => {
    const server = new FakeServer({blocked: ['websocket']});
    const client = await connected(server);
    assert.equal(client.getTransport(), 'eventsource');
    const handshake = server.sentOn('/meta/handshake')[0];
    assert.deepEqual(handshake.supportedConnectionTypes, ALL_TRANSPORTS.slice(1), 'the failed type is not offered');
});

test('a websocket that opens but carries nothing counts as failed after maxNetworkDelay', async () => {
    const server = new FakeServer({silent: ['websocket']});
    const client = newClient(server, {maxNetworkDelay: 3000});
    const states = recordStates(client);
    const handshake = client.handshake();
    await flush();
    assert.equal(server.batchesWith('/meta/handshake').length, 1);
    await advance(2999);
    assert.equal(server.batchesWith('/meta/handshake').length, 1, 'still waiting for the websocket');
    await advance(1);
    await handshake;
    assert.deepEqual(server.batchesWith('/meta/handshake').map((batch) => batch.transport), ['websocket', 'eventsource']);
    assert.equal(client.getTransport(), 'eventsource');
    assert.ok(server.transports.find((transport) => transport.name === 'websocket').closed, 'the silent socket is closed');
    assert.deepEqual(states, ['connecting', 'connected']);
});

test('a transport that fails on its first connect hands the session to the next one', async () => {
    // The websocket answers the handshake, then goes silent: its first connect gets no reply.
    const server = new FakeServer({types: ['websocket', 'long-polling'], answerLimit: {websocket: 1}});
    const client = newClient(server, {transports: ['websocket', 'long-polling'], maxNetworkDelay: 1000});
    const handshake = client.handshake();
    await flush();
    await handshake;
    const clientId = client.getClientId();
    assert.equal(client.getState(), 'connecting');
    await advance(1000);
    assert.equal(client.getState(), 'connected');
    assert.equal(client.getTransport(), 'long-polling');
    assert.equal(client.getClientId(), clientId, 'same session');
    assert.equal(server.sentOn('/meta/handshake').length, 1);
});

test('when every transport fails the round starts again after a back-off', async () => {
    const server = new FakeServer({types: ['websocket', 'long-polling']});
    server.down = true;
    const client = newClient(server, {transports: ['websocket', 'long-polling'], backoffIncrement: 1000, backoffJitter: 0});
    const handshake = client.handshake();
    await flush();
    const opened = () => server.transports.map((transport) => transport.name);
    assert.deepEqual(opened(), ['websocket', 'long-polling']);
    await advance(999);
    assert.deepEqual(opened(), ['websocket', 'long-polling']);
    server.down = false;
    await advance(1);
    await handshake;
    assert.equal(client.getTransport(), 'websocket', 'the new round starts from the first transport');
    assert.equal(client.getState(), 'connected');
});

test('a handshake refused with reconnect none rejects and stops', async () => {
    const server = new FakeServer();
    server.refuseHandshakes = true;
    const client = newClient(server);
    const rejected = assert.rejects(client.handshake(), (error) => error.code === 403 && error.reply.error === '403::handshake_denied');
    await flush();
    await rejected;
    assert.equal(client.getState(), 'disconnected');
    await advance(120000);
    assert.equal(server.sentOn('/meta/handshake').length, 1, 'no retry');
});

test('no transport available here: the handshake rejects', async () => {
    const client = newClient(new FakeServer(), {}, ALL_TRANSPORTS);
    await assert.rejects(client.handshake(), /No transport available/);
    assert.equal(client.getState(), 'disconnected');
});

test('unknown options and bad transport lists are refused', () => {
    assert.throws(() => new CometD({url: 'http://server.test/cometd', maxNetworkDelai: 1}), /Unknown CometD option: maxNetworkDelai/);
    assert.throws(() => new CometD({url: 'http://server.test/cometd', transports: 'websocket'}), /array/);
    assert.throws(() => new CometD({url: 'not a url'}), TypeError);
});
