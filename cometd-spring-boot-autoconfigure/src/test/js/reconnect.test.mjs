// Reconnection: exponential back-off with jitter, the server's advice, new handshakes that restore
// subscriptions without duplicates, and the bounded queue of messages published meanwhile.

import {test, beforeEach, afterEach, mock} from 'node:test';
import assert from 'node:assert/strict';
import {CometD, FakeServer, advance, connected, flush, mockTime, recordStates} from './harness.mjs';

let restoreTime;
beforeEach(() => {
    restoreTime = mockTime();
});
afterEach(() => {
    restoreTime();
    mock.restoreAll();
});

const LP = {transports: ['long-polling']};
const WS = {transports: ['websocket']};

test('back-off doubles from backoffIncrement up to maxBackoff, lowered by at most backoffJitter', () => {
    const config = {backoffIncrement: 1000, maxBackoff: 20000, backoffJitter: 0.5};
    const ceilings = [1000, 2000, 4000, 8000, 16000, 20000, 20000];
    ceilings.forEach((ceiling, index) => {
        const attempt = index + 1;
        assert.equal(CometD.backoffDelay(attempt, config, () => 0), ceiling, `attempt ${attempt} without jitter`);
        assert.equal(CometD.backoffDelay(attempt, config, () => 0.9999999), Math.round(ceiling * 0.5), `attempt ${attempt} most jitter`);
        for (let i = 0; i < 200; i += 1) {
            const delay = CometD.backoffDelay(attempt, config);
            assert.ok(delay >= ceiling * 0.5 && delay <= ceiling, `attempt ${attempt}: ${delay} within [${ceiling / 2}, ${ceiling}]`);
        }
    });
    assert.equal(CometD.backoffDelay(0, config), 0);
    assert.equal(CometD.backoffDelay(2000, config, () => 0), 20000, 'no overflow');
});

test('a dropped connection reconnects after growing, jittered delays and keeps its session', async () => {
    const random = mock.method(Math, 'random', () => 0.5);
    const server = new FakeServer({types: ['websocket']});
    const client = await connected(server, {...WS, backoffIncrement: 1000, backoffJitter: 0.5});
    const states = recordStates(client);
    const clientId = client.getClientId();
    server.down = true;
    server.transports.at(-1).drop(new Error('network down'));
    await flush();
    assert.equal(client.getState(), 'reconnecting');
    // Jitter 0.5 with random() = 0.5 lowers each ceiling by a quarter: 750, 1500, 3000 ms.
    const opens = () => server.transports.length;
    const before = opens();
    for (const delay of [750, 1500, 3000]) {
        const count = opens();
        await advance(delay - 1);
        assert.equal(opens(), count, `nothing before ${delay} ms`);
        await advance(1);
        assert.equal(opens(), count + 1, `a new attempt at ${delay} ms`);
    }
    assert.ok(random.mock.callCount() >= 3);
    assert.equal(opens(), before + 3);
    server.down = false;
    await advance(6000);
    assert.equal(client.getState(), 'connected');
    assert.equal(client.getClientId(), clientId, 'the session survived');
    assert.equal(server.sentOn('/meta/handshake').length, 1);
    assert.deepEqual(states, ['reconnecting', 'connected']);
});

test('connect advice: the interval is waited between connects', async () => {
    const server = new FakeServer({types: ['long-polling'], connectAdvice: {interval: 2000, 'multiple-clients': true}});
    const client = await connected(server, LP);
    const connects = () => server.sentOn('/meta/connect').length;
    assert.equal(connects(), 1);
    await advance(1999);
    assert.equal(connects(), 1, 'polls only after the advised interval');
    await advance(1);
    assert.equal(connects(), 2);
    assert.equal(client.getAdvice()['multiple-clients'], true);
});

test('advice reconnect handshake: a new handshake restores each subscription once', async () => {
    const server = new FakeServer({types: ['long-polling']});
    const client = await connected(server, LP);
    const received = [];
    client.subscribe('/chat/a', (message) => received.push(['a', message.data]));
    client.subscribe('/chat/a', (message) => received.push(['a2', message.data]));
    client.subscribe('/chat/*', (message) => received.push(['*', message.data]));
    await flush();
    assert.equal(server.sentOn('/meta/subscribe').length, 2, 'one /meta/subscribe per channel');
    const firstSession = client.getClientId();

    server.expire(firstSession);
    await advance(0);
    assert.equal(client.getState(), 'connected');
    assert.notEqual(client.getClientId(), firstSession);
    const subscribes = server.sentOn('/meta/subscribe');
    assert.equal(subscribes.length, 4);
    assert.deepEqual(subscribes.slice(2).map((message) => [message.subscription, message.clientId]),
        [['/chat/a', client.getClientId()], ['/chat/*', client.getClientId()]]);
    assert.deepEqual(server.sessions.get(client.getClientId()).subscriptions, new Set(['/chat/a', '/chat/*']));

    server.publish('/chat/a', 1);
    await flush();
    assert.deepEqual(received.sort(), [['*', 1], ['a', 1], ['a2', 1]], 'each callback once');
});

test('a server restart ends in a new handshake and resubscription, with no duplicate delivery', async () => {
    mock.method(Math, 'random', () => 0);
    const server = new FakeServer({types: ['websocket']});
    const client = await connected(server, {...WS, backoffIncrement: 500});
    const received = [];
    client.subscribe('/news/**', (message) => received.push(message.data));
    await flush();
    const states = recordStates(client);
    server.down = true;
    server.restart();
    await flush();
    assert.equal(client.getState(), 'reconnecting');
    await advance(500);
    await advance(1000);
    server.down = false;
    await advance(2000);
    assert.equal(client.getState(), 'connected');
    assert.deepEqual(states, ['reconnecting', 'connected']);
    assert.equal(server.sentOn('/meta/handshake').length, 2);
    assert.equal(server.sessions.size, 1);
    server.publish('/news/today', 'fresh');
    await flush();
    assert.deepEqual(received, ['fresh']);
});

test('advice reconnect none ends the client', async () => {
    const server = new FakeServer({types: ['long-polling']});
    const client = await connected(server, LP);
    const states = recordStates(client);
    server.sessions.get(client.getClientId()).held = {
        id: server.sentOn('/meta/connect').at(-1).id, channel: '/meta/connect', successful: false,
        error: '403::session_terminated', advice: {reconnect: 'none'},
    };
    server.releaseConnects();
    await flush();
    assert.deepEqual(states, ['disconnected']);
    await assert.rejects(client.publish('/chat/a', 1), /Not connected/);
});

test('publishes made while reconnecting wait, within maxQueue, and go out in order once connected', async () => {
    mock.method(Math, 'random', () => 0);
    const server = new FakeServer({types: ['websocket']});
    const client = await connected(server, {...WS, maxQueue: 3, backoffIncrement: 1000});
    server.down = true;
    server.transports.at(-1).drop(new Error('gone'));
    await flush();
    assert.equal(client.getState(), 'reconnecting');
    const queued = [1, 2, 3].map((n) => client.publish('/chat/a', n));
    await assert.rejects(client.publish('/chat/a', 4), (error) => /queue full/.test(error.message));
    await flush();
    assert.equal(server.sentOn('/chat/a').length, 0, 'nothing sent while down');
    server.down = false;
    await advance(1000);
    assert.equal(client.getState(), 'connected');
    const replies = await Promise.all(queued);
    assert.ok(replies.every((reply) => reply.successful));
    assert.deepEqual(server.sentOn('/chat/a').map((message) => message.data), [1, 2, 3]);
    assert.equal(server.batchesWith('/chat/a').length, 1, 'sent as one batch');
});

test('a publish answered with 402 is sent again after the new handshake, under the new session', async () => {
    const server = new FakeServer({types: ['long-polling']});
    const client = await connected(server, LP);
    const oldSession = client.getClientId();
    server.sessions.delete(oldSession);
    const reply = await Promise.all([client.publish('/chat/a', 'hello'), flush().then(() => advance(0))]).then(([r]) => r);
    assert.equal(reply.successful, true);
    const sent = server.sentOn('/chat/a');
    assert.deepEqual(sent.map((message) => message.clientId), [oldSession, client.getClientId()]);
    assert.notEqual(oldSession, client.getClientId());
});

test('states: connecting, connected, reconnecting, connected, disconnected', async () => {
    mock.method(Math, 'random', () => 0);
    const server = new FakeServer({types: ['websocket']});
    const client = (await import('./harness.mjs')).newClient(server, WS);
    const states = recordStates(client);
    await Promise.all([client.handshake(), flush()]);
    server.transports.at(-1).drop(new Error('blip'));
    await flush();
    await advance(1000);
    const connects = server.sentOn('/meta/connect').length;
    await Promise.all([client.disconnect(), flush()]);
    assert.deepEqual(states, ['connecting', 'connected', 'reconnecting', 'connected', 'disconnected']);
    assert.equal(server.sentOn('/meta/disconnect').length, 1);
    await advance(120000);
    assert.equal(server.sentOn('/meta/connect').length, connects, 'no connect after disconnect');
    assert.ok(server.transports.every((transport) => transport.closed));
});
