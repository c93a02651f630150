// Delivery guarantees of the client: acknowledged delivery (CometD's ack wire format) and recovery from
// channel history after a new handshake, against the fake server.

import {test, beforeEach, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {FakeServer, advance, connected, flush, mockTime} from './harness.mjs';

let restoreTime;
beforeEach(() => {
    restoreTime = mockTime();
});
afterEach(() => restoreTime());

const LP = {transports: ['long-polling']};

/** A server that acknowledges like CometD's: `ack: true` at handshake, a new batch number per connect reply. */
function acknowledgingServer() {
    const server = new FakeServer({types: ['long-polling']});
    let batch = 0;
    server.replyExt = (request) => {
        if (request.channel === '/meta/handshake') {
            return {ack: request.ext?.ack === true};
        }
        if (request.channel === '/meta/connect') {
            batch += 1;
            return {ack: batch};
        }
        return undefined;
    };
    return server;
}

test('asks for acks at handshake and acknowledges the batch of the last connect reply received', async () => {
    const server = acknowledgingServer();
    const client = await connected(server, LP);
    assert.deepEqual(server.sentOn('/meta/handshake')[0].ext, {ack: true});
    const connects = () => server.sentOn('/meta/connect').map((message) => message.ext?.ack);
    assert.deepEqual(connects(), [0, 1], 'the first connect acknowledges nothing, the held one batch 1');
    server.releaseConnects();
    await flush();
    assert.deepEqual(connects(), [0, 1, 2]);

    // The reply of the held connect (batch 3) is lost with its connection: batch 2 is acknowledged again.
    const before = connects().length;
    server.transports.at(-1).drop(new Error('cut'));
    await advance(1000);
    assert.equal(client.getState(), 'connected');
    assert.deepEqual(connects().slice(before), [2, 4], 'batch 2 again, then the reconnect\'s own reply (4)');
});

test('a reply delivers its messages before it moves the acknowledged batch', async () => {
    const server = acknowledgingServer();
    const client = await connected(server, LP);
    const received = [];
    client.subscribe('/feed', (message) => received.push([message.data, server.sentOn('/meta/connect').length]));
    await flush();
    server.publish('/feed', 'm1');
    await flush();
    assert.deepEqual(received.map(([data]) => data), ['m1']);
    assert.equal(server.sentOn('/meta/connect').at(-1).ext.ack, 2, 'the reply that carried m1 is acknowledged');
});

test('ack: false does not ask, and connects carry no ack', async () => {
    const server = acknowledgingServer();
    await connected(server, {...LP, ack: false});
    assert.equal(server.sentOn('/meta/handshake')[0].ext, undefined);
    assert.ok(server.sentOn('/meta/connect').every((message) => message.ext === undefined));
});

test('a server without the extension gets no ack on connects', async () => {
    const server = new FakeServer({types: ['long-polling']});
    await connected(server, LP);
    assert.deepEqual(server.sentOn('/meta/handshake')[0].ext, {ack: true});
    assert.ok(server.sentOn('/meta/connect').every((message) => message.ext === undefined));
});

/** A server whose /feed keeps history: positions in messages and in subscribe replies. */
function historyServer(state) {
    const server = new FakeServer({types: ['long-polling']});
    server.replyExt = (request) => {
        if (request.channel !== '/meta/subscribe') {
            return undefined;
        }
        const asked = request.ext?.history;
        if (asked === undefined) {
            return {history: {...state.latest}};
        }
        return {history: {...state.latest, ...state.answer(asked)}};
    };
    return server;
}

/** A connected client subscribed to /feed with recover, recording what it receives and its recoveries. */
async function recoveringClient(state) {
    const server = historyServer(state);
    const client = await connected(server, LP);
    const received = [];
    const recoveries = [];
    client.subscribe('/feed', (message) => received.push(message.data),
        {recover: true, onRecovery: (result) => recoveries.push(result)});
    await flush();
    return {server, client, received, recoveries};
}

/** Restart the server and let the client handshake and subscribe again. */
async function restartAndReconnect(server) {
    server.restart();
    await advance(1000);
    await advance(2000);
}

function publishAt(server, offset, epoch = 'e1') {
    server.publish('/feed', `m${offset}`, {history: {offset, epoch}});
}

test('recover: resubscribes after a new handshake from the last position, and drops what it has', async () => {
    const state = {latest: {offset: 0, epoch: 'e1'}, answer: () => ({recovered: true})};
    const {server, client, received, recoveries} = await recoveringClient(state);
    publishAt(server, 1);
    await flush();
    publishAt(server, 2);
    await flush();
    state.latest = {offset: 2, epoch: 'e1'};

    await restartAndReconnect(server);
    assert.equal(client.getState(), 'connected');
    const resubscribe = server.sentOn('/meta/subscribe').at(-1);
    assert.deepEqual(resubscribe.ext, {history: {offset: 2, epoch: 'e1'}});
    assert.deepEqual(recoveries, [{recovered: true}]);

    publishAt(server, 2);
    publishAt(server, 3);
    await flush();
    assert.deepEqual(received, ['m1', 'm2', 'm3'], 'm2 again is dropped');
});

test('recover: messages recovered after the subscribe reply (which names the newest position) are kept', async () => {
    const state = {latest: {offset: 0, epoch: 'e1'}, answer: () => ({recovered: true})};
    const {server, client, received} = await recoveringClient(state);
    publishAt(server, 1);
    await flush();
    state.latest = {offset: 3, epoch: 'e1'};
    await restartAndReconnect(server);
    assert.deepEqual(server.sentOn('/meta/subscribe').at(-1).ext, {history: {offset: 1, epoch: 'e1'}});
    publishAt(server, 2);
    publishAt(server, 3);
    publishAt(server, 3);
    await flush();
    assert.deepEqual(received, ['m1', 'm2', 'm3']);
    assert.equal(client.getState(), 'connected');
});

test('recover: with nothing received, the subscribe reply\'s position is where to recover from', async () => {
    const state = {latest: {offset: 4, epoch: 'e1'}, answer: () => ({recovered: true})};
    const {server} = await recoveringClient(state);
    await restartAndReconnect(server);
    assert.deepEqual(server.sentOn('/meta/subscribe').at(-1).ext, {history: {offset: 4, epoch: 'e1'}});
});

test('recover: a refused recovery is reported, and the new epoch is followed', async () => {
    const state = {latest: {offset: 5, epoch: 'e1'}, answer: () => ({recovered: false, reason: 'epoch_changed'})};
    const {server, client, received, recoveries} = await recoveringClient(state);
    state.latest = {offset: 1, epoch: 'e2'};
    await restartAndReconnect(server);
    assert.deepEqual(server.sentOn('/meta/subscribe').at(-1).ext, {history: {offset: 5, epoch: 'e1'}});
    assert.deepEqual(recoveries, [{recovered: false, reason: 'epoch_changed'}]);
    publishAt(server, 2, 'e2');
    await flush();
    assert.deepEqual(received, ['m2']);
});

test('without recover, no position is sent and nothing is dropped', async () => {
    const state = {latest: {offset: 0, epoch: 'e1'}, answer: () => ({recovered: true})};
    const server = historyServer(state);
    const client = await connected(server, LP);
    const received = [];
    client.subscribe('/feed', (message) => received.push(message.data));
    await flush();
    publishAt(server, 1);
    await flush();
    publishAt(server, 1);
    await flush();
    await restartAndReconnect(server);
    assert.equal(server.sentOn('/meta/subscribe').at(-1).ext, undefined);
    assert.deepEqual(received, ['m1', 'm1']);
});
