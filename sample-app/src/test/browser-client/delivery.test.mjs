// Delivery guarantees of the starter's client in Chromium against the sample app: acknowledged
// delivery over websocket when a frame is lost with its socket, and recovery from channel history
// after the server ended the session while messages were published.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {launchChromium, openClient, received, uniqueChannel, waitInPage} from './support.mjs';

const COUNT = 20;

let browser;
before(async () => {
    browser = await launchChromium();
});
after(() => browser?.close());

test('websocket with acks: messages of a frame lost with its socket arrive again, once, in order', async () => {
    let loseNext = null;
    let lost = 0;
    // Relays the page's websockets to the server, except one frame: dropped, and both sockets closed.
    const relay = (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => server.send(message));
        server.onMessage((message) => {
            if (loseNext !== null && typeof message === 'string' && loseNext(message)) {
                loseNext = null;
                lost += 1;
                ws.close({code: 4000, reason: 'lost on purpose'});
                server.close();
            } else {
                ws.send(message);
            }
        });
    };
    const subscriber = await openClient(browser, {config: {transports: ['websocket'], backoffIncrement: 100},
        form: 'module', webSocketRoute: relay});
    const publisher = await openClient(browser, {config: {transports: ['long-polling']}});
    try {
        const handshake = await subscriber.page.evaluate(() => e2e.incoming.find((m) => m.channel === '/meta/handshake'));
        assert.deepEqual(handshake.ext, {ack: true}, 'the server acknowledges');
        const channel = uniqueChannel('ack');
        assert.equal(await subscriber.page.evaluate((name) => subscribe(name), channel), true);
        loseNext = (frame) => frame.includes(`"channel":"${channel}"`) && frame.includes('"data"');
        for (let i = 0; i < COUNT; i++) {
            await publisher.page.evaluate(([name, data]) => client.publish(name, data), [channel, i]);
        }
        await publisher.page.evaluate((name) => client.publish(name, 'end'), channel);
        const messages = await waitInPage(subscriber.page, (name) => {
            const all = e2e.received.filter((message) => message.channel === name);
            return all.some((message) => message.data === 'end') ? all : false;
        }, channel, 'the last message');
        assert.equal(lost, 1, 'one frame lost');
        assert.deepEqual(messages.map((message) => message.data), [...Array(COUNT).keys(), 'end']);
        assert.deepEqual(subscriber.errors, []);
    } finally {
        await subscriber.close();
        await publisher.close();
    }
});

test('recover: after the server ended the session, the new one receives what was published meanwhile', async () => {
    const subscriber = await openClient(browser, {config: {transports: ['long-polling'], backoffIncrement: 100}});
    const publisher = await openClient(browser, {config: {transports: ['long-polling']}});
    const publish = (data) => publisher.page.evaluate(([name, value]) => client.publish(name, value), [channel, data]);
    const channel = uniqueChannel('history').replace('/e2e/', '/e2e/history/');
    try {
        await subscriber.page.evaluate((name) => {
            e2e.recoveries = [];
            return client.subscribe(name, (message) => e2e.received.push({channel: message.channel, data: message.data}),
                {recover: true, onRecovery: (result) => e2e.recoveries.push(result)}).ready.then((reply) => reply.ext);
        }, channel);
        await publish('m1');
        await received(subscriber.page, channel, 1, 'm1');

        // The page cannot reach the server, and the server ends its session: m2 and m3 go nowhere.
        await subscriber.page.route(/\/cometd/, (route) => route.abort());
        const clientId = await subscriber.page.evaluate(() => client.getClientId());
        const ended = await publisher.page.evaluate((id) => client.remoteCall('/service/e2e/end-session', {clientId: id})
            .then((reply) => reply.data), clientId);
        assert.deepEqual(ended, {ended: true}, 'the server ended the session');
        await publish('m2');
        await publish('m3');
        await subscriber.page.unroute(/\/cometd/);

        const recoveries = await waitInPage(subscriber.page, () => e2e.recoveries.length > 0 && e2e.recoveries, null,
            'a recovery after the new handshake');
        assert.deepEqual(recoveries, [{recovered: true}]);
        assert.notEqual(await subscriber.page.evaluate(() => client.getClientId()), clientId, 'a new session');
        await publish('m4');
        const messages = await received(subscriber.page, channel, 4, 'm2 to m4');
        assert.deepEqual(messages.map((message) => message.data), ['m1', 'm2', 'm3', 'm4']);
    } finally {
        await subscriber.close();
        await publisher.close();
    }
});
