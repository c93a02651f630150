// Subscriptions, publishes, batching, remote calls and listeners against the fake server.

import {test, beforeEach, afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {CometD, FakeServer, advance, connected, flush, mockTime, newClient} from './harness.mjs';

let restoreTime;
beforeEach(() => {
    restoreTime = mockTime();
});
afterEach(() => restoreTime());

const LP = {transports: ['long-polling']};

test('subscribe returns a handle whose ready settles with the reply; messages reach the callback', async () => {
    const server = new FakeServer();
    const client = await connected(server);
    const received = [];
    const handle = client.subscribe('/chat/room', (message) => received.push(message));
    assert.equal(handle.channel, '/chat/room');
    const reply = await Promise.all([handle.ready, flush()]).then(([r]) => r);
    assert.equal(reply.successful, true);
    assert.equal(reply.subscription, '/chat/room');
    server.publish('/chat/room', {text: 'hi'});
    await flush();
    assert.deepEqual(received.map((message) => message.data), [{text: 'hi'}]);
});

test('one server subscription per channel, however many callbacks; the same callback twice is one handle', async () => {
    const server = new FakeServer();
    const client = await connected(server);
    const calls = [];
    const first = (message) => calls.push(['first', message.data]);
    const second = (message) => calls.push(['second', message.data]);
    const a = client.subscribe('/chat/room', first);
    const again = client.subscribe('/chat/room', first);
    const b = client.subscribe('/chat/room', second);
    assert.equal(again, a);
    assert.notEqual(b, a);
    await flush();
    assert.equal(server.sentOn('/meta/subscribe').length, 1);
    server.publish('/chat/room', 1);
    await flush();
    assert.deepEqual(calls, [['first', 1], ['second', 1]]);

    await Promise.all([client.unsubscribe(a), flush()]);
    assert.equal(server.sentOn('/meta/unsubscribe').length, 0, 'another callback still listens');
    server.publish('/chat/room', 2);
    await flush();
    assert.deepEqual(calls.slice(2), [['second', 2]]);

    await Promise.all([b.unsubscribe(), flush()]);
    assert.deepEqual(server.sentOn('/meta/unsubscribe').map((message) => message.subscription), ['/chat/room']);
    assert.equal(client.getSubscriptions().length, 0);
});

test('subscribing before the handshake sends the subscription once the session exists', async () => {
    const server = new FakeServer();
    const client = newClient(server);
    const received = [];
    const handle = client.subscribe('/chat/early', (message) => received.push(message.data));
    await Promise.all([client.handshake(), flush()]);
    await handle.ready;
    assert.equal(server.sentOn('/meta/subscribe')[0].clientId, client.getClientId());
    server.publish('/chat/early', 'x');
    await flush();
    assert.deepEqual(received, ['x']);
});

test('wildcard subscriptions match one segment (*) or any depth (**)', async () => {
    const server = new FakeServer();
    const client = await connected(server);
    const one = [];
    const any = [];
    client.subscribe('/stocks/*', (message) => one.push(message.channel));
    client.subscribe('/stocks/**', (message) => any.push(message.channel));
    await flush();
    server.publish('/stocks/ACME', 1);
    server.publish('/stocks/ACME/bid', 2);
    await flush();
    assert.deepEqual(one, ['/stocks/ACME']);
    assert.deepEqual(any, ['/stocks/ACME', '/stocks/ACME/bid']);
    assert.equal(CometD.channelMatches('/a/*', '/a'), false);
    assert.equal(CometD.channelMatches('/a/**', '/a'), false);
});

test('a refused subscription rejects ready and drops its callbacks', async () => {
    const server = new FakeServer();
    server.denied.add('/secret');
    const client = await connected(server);
    const handle = client.subscribe('/secret', () => assert.fail('must not be called'));
    const rejected = assert.rejects(handle.ready, (error) => error.code === 403);
    await flush();
    await rejected;
    assert.equal(handle.active, false);
    assert.equal(client.getSubscriptions().length, 0);
});

test('invalid channels are refused before anything is sent', async () => {
    const client = await connected(new FakeServer());
    assert.throws(() => client.subscribe('no-slash', () => {}), /Invalid channel/);
    assert.throws(() => client.subscribe('/a/*/b', () => {}), /Invalid channel/);
    assert.throws(() => client.subscribe('/a//b', () => {}), /Invalid channel/);
    assert.throws(() => client.subscribe('/meta/connect', () => {}), /addListener/);
    assert.throws(() => client.publish('/a/*', 1), /wildcard/);
    assert.throws(() => client.publish('/meta/handshake', 1), /meta/);
});

test('publish resolves with the server reply, or rejects with its error', async () => {
    const server = new FakeServer();
    const client = await connected(server);
    const [reply] = await Promise.all([client.publish('/chat/room', {n: 1}, {ext: {trace: 'abc'}}), flush()]);
    assert.deepEqual({successful: reply.successful, channel: reply.channel}, {successful: true, channel: '/chat/room'});
    assert.deepEqual(server.sentOn('/chat/room')[0].ext, {trace: 'abc'});
    const refused = assert.rejects(client.publish('/denied/room', 1), (error) => error.code === 403 && error.reply.error === '403:denied:publish_denied');
    await flush();
    await refused;
});

test('publish before handshake() rejects', async () => {
    const client = newClient(new FakeServer());
    await assert.rejects(client.publish('/chat/room', 1), /handshake\(\)/);
});

test('messages of one tick go out as one batch; batch() and startBatch()/endBatch() group explicitly', async () => {
    const server = new FakeServer({types: ['long-polling']});
    const client = await connected(server, LP);
    const before = server.sent.length;
    client.publish('/chat/a', 1);
    client.publish('/chat/a', 2);
    await flush();
    assert.equal(server.sent.length, before + 1);
    assert.deepEqual(server.sent.at(-1).messages.map((message) => message.data), [1, 2]);

    const batched = client.batch(() => [client.publish('/chat/a', 3), client.publish('/chat/b', 4)]);
    await Promise.all(batched.concat(flush()));
    assert.deepEqual(server.sent.at(-1).messages.map((message) => message.data), [3, 4]);

    client.startBatch();
    const held = client.publish('/chat/a', 5);
    await flush();
    assert.equal(server.sentOn('/chat/a').length, 3, 'held while the batch is open');
    client.startBatch();
    client.publish('/chat/a', 6);
    client.endBatch();
    await flush();
    assert.equal(server.sentOn('/chat/a').length, 3, 'nested batch: still held');
    client.endBatch();
    await Promise.all([held, flush()]);
    assert.deepEqual(server.sent.at(-1).messages.map((message) => message.data), [5, 6]);

    await client.batch(async () => {
        client.publish('/chat/a', 7);
        await Promise.resolve();
        client.publish('/chat/a', 8);
    });
    await flush();
    assert.deepEqual(server.sent.at(-1).messages.map((message) => message.data), [7, 8]);
});

test('remoteCall resolves with the service answer matched by id, not with the acknowledgement', async () => {
    const server = new FakeServer({types: ['long-polling']});
    const client = await connected(server, LP);
    const [first, second] = await Promise.all([client.remoteCall('echo', {n: 1}), client.remoteCall('/service/echo', {n: 2}),
        flush()]);
    assert.deepEqual([first.data, second.data], [{n: 1}, {n: 2}]);
    assert.equal(first.channel, '/service/echo');
    assert.equal(first.successful, true);
    assert.notEqual(first.id, second.id);
});

test('remoteCall ignores messages with its id on other channels, and times out when no answer comes', async () => {
    const server = new FakeServer();
    const client = await connected(server);
    const ws = server.transports.at(-1);
    const call = client.remoteCall('/service/silent', 'ping', {timeout: 5000});
    const timedOut = assert.rejects(call, /No reply to \/service\/silent within 5000 ms/);
    await flush();
    const id = server.sentOn('/service/silent')[0].id;
    const other = [];
    client.subscribe('/chat/room', (message) => other.push(message.data));
    await flush();
    // Another client's broadcast that happens to carry the same id, and our acknowledgement.
    ws.context.receive([{id, channel: '/chat/room', data: 'broadcast'}, {id, channel: '/service/silent', successful: true}]);
    await flush();
    assert.deepEqual(other, ['broadcast']);
    await advance(4999);
    await advance(1);
    await timedOut;
});

test('a remote call answered with an error rejects', async () => {
    const server = new FakeServer();
    const client = await connected(server);
    const ws = server.transports.at(-1);
    const call = client.remoteCall('boom', null);
    const rejected = assert.rejects(call, (error) => error.reply.error === '500::service_failed');
    await flush();
    const id = server.sentOn('/service/boom')[0].id;
    ws.context.receive([{id, channel: '/service/boom', successful: false, error: '500::service_failed'}]);
    await rejected;
});

test('listeners see meta replies and messages; state and transport events report changes', async () => {
    const server = new FakeServer();
    const client = newClient(server);
    const meta = [];
    const states = [];
    const transports = [];
    client.addListener('/meta/*', (message) => meta.push(message.channel));
    const removeState = client.on('state', (state, previous) => states.push(`${previous}>${state}`));
    client.on('transport', (name, previous) => transports.push([previous, name]));
    await Promise.all([client.handshake(), flush()]);
    await advance(0);
    const handle = client.addListener('/chat/**', (message) => meta.push(message.data));
    server.sessions.get(client.getClientId()).subscriptions.add('/chat/**');
    server.publish('/chat/x', 'seen');
    await flush();
    client.removeListener(handle);
    removeState();
    assert.deepEqual(meta, ['/meta/handshake', '/meta/connect', 'seen']);
    assert.deepEqual(states, ['disconnected>connecting', 'connecting>connected']);
    assert.deepEqual(transports, [[null, 'websocket']]);
    assert.throws(() => client.on('nope', () => {}), /Unknown event/);
});

test('extensions see outgoing and incoming messages', async () => {
    const server = new FakeServer();
    const client = newClient(server);
    client.registerExtension('token', {
        outgoing(message) {
            if (message.channel === '/meta/handshake') {
                message.ext = {token: 'secret'};
            }
            return message;
        },
        incoming(message) {
            return message.channel === '/chat/hidden' ? null : message;
        },
    });
    await Promise.all([client.handshake(), flush()]);
    assert.deepEqual(server.sentOn('/meta/handshake')[0].ext, {token: 'secret'});
    const received = [];
    client.subscribe('/chat/*', (message) => received.push(message.channel));
    await flush();
    server.publish('/chat/hidden', 1);
    server.publish('/chat/shown', 2);
    await flush();
    assert.deepEqual(received, ['/chat/shown']);
    assert.equal(client.unregisterExtension('token'), true);
});

test('disconnect rejects what is pending and forgets subscriptions', async () => {
    const server = new FakeServer();
    const client = await connected(server);
    const ws = server.transports.at(-1);
    client.subscribe('/chat/room', () => {});
    const call = client.remoteCall('/service/silent', 1);
    const rejected = assert.rejects(call, /disconnected/);
    await flush();
    const [reply] = await Promise.all([client.disconnect(), flush()]);
    assert.equal(reply.successful, true);
    await rejected;
    assert.equal(client.getState(), 'disconnected');
    assert.equal(client.getSubscriptions().length, 0);
    assert.ok(ws.closed);
    assert.equal(await client.disconnect(), undefined, 'a second disconnect does nothing');
});
