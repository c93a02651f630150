// Interoperability of the official CometD JavaScript client (npm cometd@9.0.0 running in Node through
// cometd-nodejs-client@2.0.0) with the server, over websocket and over long-polling.

import {before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {cometdClients} from './cometd-harness.mjs';
import {
    assertSameData,
    assertServerAnswers,
    eventually,
    Inbox,
    sessionKnown,
    richPayload,
    uniqueChannel,
} from './support.mjs';

const TEST_TIMEOUT_MS = 20_000;
const BURST = 1000;

before(assertServerAnswers);

for (const transport of ['websocket', 'long-polling']) {
    describe(`CometD JS client over ${transport}`, () => {

        test('handshakes and reports itself connected', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const client = await cometdClients(t, transport)();
            const handshake = client.wire.messages.find((m) => m.channel === '/meta/handshake');
            assert.equal(handshake.successful, true);
            assert.equal(typeof handshake.clientId, 'string');
            assert.ok(handshake.clientId.length > 0, 'a clientId');
            assert.equal(client.clientId, handshake.clientId);
            assert.equal(handshake.version, '1.0');
            assert.ok(handshake.supportedConnectionTypes.includes(transport),
                `server offers ${transport}: ${handshake.supportedConnectionTypes}`);
            assert.equal(client.transportType, transport, 'negotiated transport');
            const connect = client.wire.messages.find((m) => m.channel === '/meta/connect');
            assert.equal(connect.successful, true, `first /meta/connect reply: ${JSON.stringify(connect)}`);
            // The client sends its next /meta/connect right after the first reply, then is "connected".
            await eventually(() => client.status === 'connected', `status "connected", is "${client.status}"`);
            assert.deepEqual(client.failures, [], 'no transport failure or fallback');
        });

        test('delivers data intact from one client to another: unicode and nested JSON', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = cometdClients(t, transport);
            const subscriber = await connect();
            const publisher = await connect();
            const channel = uniqueChannel('intact');
            const inbox = await subscriber.subscribeInbox(channel);

            const payloads = [richPayload('object'), 'héllo wörld ✓ 日本語 🎉', [1, 'two', {three: [3]}, null, true], 42.5];
            for (const data of payloads) {
                await publisher.publish(channel, data);
            }
            const received = await inbox.waitForCount(payloads.length, () => true, `${payloads.length} messages`);
            assert.equal(received.length, payloads.length, 'no extra message');
            received.forEach((message, i) => {
                assert.equal(message.channel, channel);
                assertSameData(message.data, payloads[i], `message ${i}`);
            });
            assert.equal(subscriber.transportType, transport);
            assert.equal(publisher.transportType, transport);
        });

        test('wildcards: /* matches one segment, /** any depth', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = cometdClients(t, transport);
            const publisher = await connect();
            const star = await connect();
            const starStar = await connect();
            const base = uniqueChannel('wild');
            const starInbox = await star.subscribeInbox(`${base}/*`);
            const starStarInbox = await starStar.subscribeInbox(`${base}/**`);

            // Each publish is acknowledged (so enqueued for the subscribers) before the next one.
            await publisher.publish(`${base}/a/b`, {deep: true});
            await publisher.publish(`${base}/a`, {shallow: true});

            await starInbox.waitFor((m) => m.channel === `${base}/a`, `${base}/a on ${base}/*`);
            await starStarInbox.waitFor((m) => m.channel === `${base}/a`, `${base}/a on ${base}/**`);
            const deep = await starStarInbox.waitFor((m) => m.channel === `${base}/a/b`, `${base}/a/b on ${base}/**`);
            assert.deepEqual(deep.data, {deep: true});

            // /a/b was published (and enqueued) before /a: had the server sent it to the /* subscriber,
            // it would have arrived before /a. Checked on the wire, before the client's own matching.
            assert.deepEqual(star.wire.on(`${base}/a/b`), [], `${base}/* must not get ${base}/a/b`);
            assert.deepEqual(starInbox.messages.map((m) => m.channel), [`${base}/a`]);
            assert.deepEqual(starStarInbox.messages.map((m) => m.channel), [`${base}/a/b`, `${base}/a`]);
        });

        test('unsubscribe: no delivery on the channel afterwards', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = cometdClients(t, transport);
            const subscriber = await connect();
            const publisher = await connect();
            const base = uniqueChannel('unsub');
            const gone = `${base}/gone`;
            const marker = `${base}/marker`;
            const goneInbox = await subscriber.subscribeInbox(gone);
            const markerInbox = await subscriber.subscribeInbox(marker);

            // The subscription works before it is removed.
            await publisher.publish(gone, {n: 1});
            await goneInbox.waitFor((m) => m.data.n === 1, 'the first message on the channel');

            await subscriber.unsubscribe(goneInbox.handle);
            const wireBefore = subscriber.wire.on(gone).length;
            await publisher.publish(gone, {n: 2});
            await publisher.publish(marker, {after: 2});
            await markerInbox.waitFor((m) => m.data.after === 2, 'the marker published after the second message');

            assert.equal(subscriber.wire.on(gone).length, wireBefore,
                `nothing more on ${gone} after the unsubscribe reply: ${JSON.stringify(subscriber.wire.on(gone))}`);
            assert.deepEqual(goneInbox.messages.map((m) => m.data), [{n: 1}]);
        });

        test('echo service answers the sender alone', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = cometdClients(t, transport);
            const sender = await connect();
            const other = await connect();
            const marker = uniqueChannel('echo-marker');
            // The other client subscribes to /service/echo as well, and to a marker channel.
            const otherEcho = await other.subscribeInbox('/service/echo');
            const otherMarker = await other.subscribeInbox(marker);
            const echoes = [];
            sender.cometd.addListener('/service/echo', (message) => echoes.push(message));

            const data = richPayload(`echo-${Date.now()}`);
            const ack = await sender.publish('/service/echo', data);
            assert.equal(ack.successful, true);
            const echo = await sender.wire.waitFor((m) => m.channel === '/service/echo' && m.data !== undefined,
                'the echo of the data');
            assertSameData(echo.data, data, 'echo');
            await eventually(() => echoes.length === 1, 'the /service/echo listener to be called');
            assertSameData(echoes[0].data, data, 'echo to the listener');

            // The sender publishes a marker after the echo: once the other client got it, it would
            // have got the echo before, had the server sent it.
            await sender.publish(marker, 'after-echo');
            await otherMarker.waitFor((m) => m.data === 'after-echo', 'the marker');
            assert.deepEqual(other.wire.on('/service/echo'), [], 'the other client got nothing on /service/echo');
            assert.deepEqual(otherEcho.messages, []);
        });

        test('remoteCall on the echo service resolves with the data, and times out on a silent service', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const client = await cometdClients(t, transport)();
            const data = richPayload(`call-${Date.now()}`);
            const reply = await new Promise((resolve) => client.cometd.remoteCall('echo', data, 5000, resolve));
            assert.equal(reply.successful, true, `remote call reply: ${JSON.stringify(reply)}`);
            assertSameData(reply.data, data, 'remote call result');
            // No handler answers /service/silent: the client-side timeout fails the call.
            const silent = await new Promise((resolve) => client.cometd.remoteCall('silent', {}, 300, resolve));
            assert.equal(silent.successful, false);
            assert.equal(silent.error, '406::timeout');
        });

        test(`burst: ${BURST} messages arrive complete and in order`, {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = cometdClients(t, transport);
            const subscriber = await connect();
            const publisher = await connect();
            const channel = uniqueChannel('burst');
            const inbox = await subscriber.subscribeInbox(channel);

            const acks = [];
            for (let i = 0; i < BURST; i++) {
                acks.push(publisher.publishNoWait(channel, {seq: i, text: `message ${i} ✓`}));
            }
            const received = await inbox.waitForCount(BURST, () => true, `${BURST} messages`, 15_000);
            const replies = await Promise.all(acks);
            assert.deepEqual(replies.filter((r) => !r.successful), [], 'every publish acknowledged');
            assert.equal(received.length, BURST, 'no extra message');
            const seqs = received.map((m) => m.data.seq);
            assert.deepEqual(seqs, Array.from({length: BURST}, (_, i) => i), 'in publish order, none missing');
            received.forEach((m) => assert.equal(m.data.text, `message ${m.data.seq} ✓`));
        });

        test('disconnects cleanly', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const client = await cometdClients(t, transport)();
            const clientId = client.clientId;
            assert.equal(await sessionKnown(clientId), true, 'the server knows the live session');
            const reply = await client.disconnect();
            assert.equal(reply.successful, true, `disconnect reply: ${JSON.stringify(reply)}`);
            assert.equal(reply.channel, '/meta/disconnect');
            assert.equal(client.status, 'disconnected');
            assert.equal(client.clientId, null);
            // The server forgot the session.
            assert.equal(await sessionKnown(clientId), false, 'the server forgot the session');
        });

        test('re-handshakes after the server pruned a silent session, and messages flow again', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = cometdClients(t, transport);
            const publisher = await connect();
            const subscriber = await connect();
            const channel = uniqueChannel('rehandshake');
            const inbox = new Inbox(`${subscriber.name} ${channel}`);
            // The documented way: (re-)subscribe in a /meta/handshake listener, as the client clears its
            // subscriptions on every handshake.
            const handshakes = [];
            const subscribed = [];
            subscriber.cometd.addListener('/meta/handshake', (message) => {
                if (message.successful) {
                    handshakes.push(message);
                    subscriber.cometd.subscribe(channel, (m) => inbox.push(m), (reply) => subscribed.push(reply));
                }
            });
            subscriber.cometd.subscribe(channel, (m) => inbox.push(m), (reply) => subscribed.push(reply));
            await eventually(() => subscribed.length === 1, 'the first subscribe reply');
            assert.equal(subscribed[0].successful, true);
            const firstClientId = subscriber.clientId;
            await publisher.publish(channel, {n: 1});
            await inbox.waitFor((m) => m.data.n === 1, 'the message before the silence');

            // Silence: the next /meta/connect is held for twice the server's max-interval (1.5 s).
            const released = subscriber.holdNextConnect(3000);
            await released;
            const refused = await subscriber.wire.waitFor((m) => m.channel === '/meta/connect' && !m.successful,
                'the refused /meta/connect');
            assert.match(refused.error ?? '', /^402:/, `refused connect: ${JSON.stringify(refused)}`);
            assert.equal(refused.advice?.reconnect, 'handshake', `advice to handshake again: ${JSON.stringify(refused)}`);

            await eventually(() => handshakes.length >= 1 && subscribed.length >= 2, 'the new handshake and subscription');
            assert.equal(handshakes.length, 1, 'one new handshake');
            assert.equal(handshakes[0].reestablish, true);
            assert.notEqual(subscriber.clientId, firstClientId, 'a new clientId');
            assert.equal(handshakes[0].clientId, subscriber.clientId);
            assert.equal(subscribed[1].successful, true, `resubscribe: ${JSON.stringify(subscribed[1])}`);
            await eventually(() => subscriber.status === 'connected', 'connected again');

            await publisher.publish(channel, {n: 2});
            await inbox.waitFor((m) => m.data.n === 2, 'the message after the new handshake');
            assert.equal(subscriber.transportType, transport);
            assert.equal(await sessionKnown(firstClientId), false, 'the old session is gone');
        });
    });
}

describe('CometD JS clients sharing one browser (one cookie jar) over long-polling', () => {

    test('the second session polls as advised by multiple-clients, keeps its session and gets messages', {timeout: TEST_TIMEOUT_MS}, async (t) => {
        // What two tabs of one browser do, and what two CometD objects in one Node process do with the
        // adapter's default (global) cookie jar. The server lets one session of the browser hold the
        // long poll and tells the other to poll every multiple-clients-interval (2 s by default).
        const connect = cometdClients(t, 'long-polling');
        const first = await connect();
        const second = await connect({cookieJar: first.cookieJar});
        const channel = uniqueChannel('browser');
        const inboxes = [await first.subscribeInbox(channel), await second.subscribeInbox(channel)];
        assert.deepEqual([...second.cookieJar.keys()], ['BAYEUX_BROWSER'], 'the server set its browser cookie');

        const isMultipleClients = (m) => m.channel === '/meta/connect' && m.successful && m.advice?.['multiple-clients'] === true;
        const advised = await Promise.race([first, second].map(async (client) => {
            const reply = await client.wire.waitFor(isMultipleClients, 'a multiple-clients advice');
            return {client, reply};
        }));
        const {client: poller, reply} = advised;
        assert.ok(reply.advice.interval > 0, `a polling interval: ${JSON.stringify(reply)}`);
        const clientId = poller.clientId;

        // The client waits advice.interval, then polls (Client.js #delayedSend: interval + backoff).
        // The server must still know the session then, however short its max-interval.
        const index = poller.wire.messages.indexOf(reply);
        const next = await poller.wire.waitFor((m) => m.channel === '/meta/connect' && poller.wire.messages.indexOf(m) > index,
            'the /meta/connect reply after the advised interval');
        assert.equal(next.successful, true,
            `the poll sent ${reply.advice.interval} ms after a multiple-clients advice, as advised, was refused: ${JSON.stringify(next)}`);
        assert.equal(poller.clientId, clientId, 'same session');

        const publisher = poller === first ? second : first;
        await publisher.publish(channel, {hello: 'tab'});
        await Promise.all(inboxes.map((inbox) => inbox.waitFor((m) => m.data.hello === 'tab', 'the message')));
        assert.equal(poller.clientId, clientId, 'still the same session');
        assert.deepEqual(poller.wire.messages.filter((m) => m.channel === '/meta/connect' && !m.successful), [],
            'no refused /meta/connect');
    });
});
