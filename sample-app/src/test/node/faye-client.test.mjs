// Interoperability of the Faye Node client (npm faye@1.4.1) with the server, over websocket and over
// long-polling (websocket disabled with client.disable('websocket')).

import {before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {fayeClients} from './faye-harness.mjs';
import {assertSameData, assertServerAnswers, eventually, sessionKnown, richPayload, uniqueChannel} from './support.mjs';

const TEST_TIMEOUT_MS = 20_000;
const BURST = 1000;

before(assertServerAnswers);

/**
 * The client is (still) on the transport under test: its latest /meta/connect names it (Faye falls back
 * silently). Over long-polling, with websocket disabled, every /meta/connect must name it.
 */
function assertConnectionType(client, transport) {
    const connects = client.sent.on('/meta/connect');
    assert.ok(connects.length > 0, 'the client sent /meta/connect');
    assert.equal(connects[connects.length - 1].connectionType, transport,
        `connectionType of ${client.name}'s latest /meta/connect`);
    if (transport === 'long-polling') {
        assert.deepEqual([...new Set(connects.map((m) => m.connectionType))], [transport],
            `connectionType of ${client.name}'s /meta/connect messages`);
    }
}

for (const transport of ['websocket', 'long-polling']) {
    describe(`Faye client over ${transport}`, () => {

        test('handshakes and reports itself connected', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const client = await fayeClients(t, transport)();
            // Faye opens its websocket while it handshakes over HTTP. When that upgrade leaves before the
            // handshake's browser cookie is stored, the socket is a browser of its own (the default
            // cometd.websocket.require-browser-cookie=true): its first connect gets 402 with advice to
            // handshake, and Faye handshakes again on it. Anything else refused is a failure.
            const connects = client.wire.messages.filter((m) => m.channel === '/meta/connect');
            for (const refused of connects.filter((m) => !m.successful)) {
                assert.equal(refused.error, '402::session_unknown', `refused connect: ${JSON.stringify(refused)}`);
                assert.equal(refused.advice?.reconnect, 'handshake', `refused connect: ${JSON.stringify(refused)}`);
            }
            const handshakes = client.wire.messages.filter((m) => m.channel === '/meta/handshake');
            const handshake = handshakes[handshakes.length - 1];
            assert.equal(handshake.successful, true);
            assert.equal(typeof handshake.clientId, 'string');
            assert.ok(handshake.clientId.length > 0, 'a clientId');
            assert.equal(handshake.version, '1.0');
            assert.ok(handshake.supportedConnectionTypes.includes(transport),
                `server offers ${transport}: ${handshake.supportedConnectionTypes}`);
            const connect = connects.find((m) => m.successful && m.clientId === handshake.clientId);
            assert.ok(connect, `a successful /meta/connect of ${handshake.clientId}: ${JSON.stringify(connects)}`);
            assert.ok(client.transportUps >= 1, 'transport:up event');
            assertConnectionType(client, transport);
        });

        test('delivers data intact from one client to another: unicode and nested JSON', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = fayeClients(t, transport);
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
            assertConnectionType(subscriber, transport);
            assertConnectionType(publisher, transport);
        });

        test('wildcards: /* matches one segment, /** any depth', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = fayeClients(t, transport);
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

            // /a/b was enqueued before /a: had the server sent it to the /* subscriber, it would have
            // arrived before /a. Checked on the wire, before Faye's own channel matching.
            assert.deepEqual(star.wire.on(`${base}/a/b`), [], `${base}/* must not get ${base}/a/b`);
            assert.deepEqual(starInbox.messages.map((m) => m.channel), [`${base}/a`]);
            assert.deepEqual(starStarInbox.messages.map((m) => m.channel), [`${base}/a/b`, `${base}/a`]);
        });

        test('unsubscribe: no delivery on the channel afterwards', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = fayeClients(t, transport);
            const subscriber = await connect();
            const publisher = await connect();
            const base = uniqueChannel('unsub');
            const gone = `${base}/gone`;
            const marker = `${base}/marker`;
            const goneInbox = await subscriber.subscribeInbox(gone);
            const markerInbox = await subscriber.subscribeInbox(marker);

            await publisher.publish(gone, {n: 1});
            await goneInbox.waitFor((m) => m.data.n === 1, 'the first message on the channel');

            await subscriber.unsubscribe(goneInbox);
            const wireBefore = subscriber.wire.on(gone).length;
            await publisher.publish(gone, {n: 2});
            await publisher.publish(marker, {after: 2});
            await markerInbox.waitFor((m) => m.data.after === 2, 'the marker published after the second message');

            assert.equal(subscriber.wire.on(gone).length, wireBefore,
                `nothing more on ${gone} after the unsubscribe reply: ${JSON.stringify(subscriber.wire.on(gone))}`);
            assert.deepEqual(goneInbox.messages.map((m) => m.data), [{n: 1}]);
        });

        test('echo service answers the sender alone', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = fayeClients(t, transport);
            const sender = await connect();
            const other = await connect();
            const marker = uniqueChannel('echo-marker');
            // Faye hands a client only the messages of channels it subscribed to: both subscribe.
            const senderEcho = await sender.subscribeInbox('/service/echo');
            const otherEcho = await other.subscribeInbox('/service/echo');
            const otherMarker = await other.subscribeInbox(marker);

            const data = richPayload(`echo-${Date.now()}`);
            await sender.publish('/service/echo', data);
            const echo = await senderEcho.waitFor(() => true, 'the echo');
            assertSameData(echo.data, data, 'echo');
            assert.equal(sender.wire.on('/service/echo').filter((m) => m.data !== undefined).length, 1, 'one echo');

            await sender.publish(marker, 'after-echo');
            await otherMarker.waitFor((m) => m.data === 'after-echo', 'the marker');
            assert.deepEqual(other.wire.on('/service/echo'), [], 'the other client got nothing on /service/echo');
            assert.deepEqual(otherEcho.messages, []);
        });

        test(`burst: ${BURST} messages arrive complete and in order`, {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = fayeClients(t, transport);
            const subscriber = await connect();
            const publisher = await connect();
            const channel = uniqueChannel('burst');
            const inbox = await subscriber.subscribeInbox(channel);

            const acks = [];
            for (let i = 0; i < BURST; i++) {
                const ack = publisher.publish(channel, {seq: i, text: `message ${i} ✓`});
                if (transport === 'long-polling') {
                    // Faye's HTTP transport flushes a request per 2 KB of queued messages, all at once
                    // (transport.js _flushLargeBatch; node_http.js has no limit of requests in flight):
                    // a loop of 1000 publishes makes ~64 concurrent POSTs, whose relative order no Bayeux
                    // server can know. One publish in flight at a time keeps the order the client meant.
                    await ack;
                }
                acks.push(ack);
            }
            const received = await inbox.waitForCount(BURST, () => true, `${BURST} messages`, 15_000);
            await Promise.all(acks);
            assert.equal(received.length, BURST, 'no extra message');
            const seqs = received.map((m) => m.data.seq);
            assert.deepEqual(seqs, Array.from({length: BURST}, (_, i) => i), 'in publish order, none missing');
            received.forEach((m) => assert.equal(m.data.text, `message ${m.data.seq} ✓`));
        });

        test('disconnects cleanly', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const client = await fayeClients(t, transport)();
            const clientId = client.clientId;
            assert.equal(await sessionKnown(clientId), true, 'the server knows the live session');
            const reply = await client.disconnect();
            assert.equal(reply.successful, true, `disconnect reply: ${JSON.stringify(reply)}`);
            assert.equal(reply.clientId, clientId);
            // The server forgot the session.
            assert.equal(await sessionKnown(clientId), false, 'the server forgot the session');
        });

        test('re-handshakes after the server pruned a silent session, resubscribes, and messages flow again', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const connect = fayeClients(t, transport);
            const publisher = await connect();
            const subscriber = await connect();
            const channel = uniqueChannel('rehandshake');
            const inbox = await subscriber.subscribeInbox(channel);
            const firstClientId = subscriber.clientId;
            await publisher.publish(channel, {n: 1});
            await inbox.waitFor((m) => m.data.n === 1, 'the message before the silence');

            // Silence: the next /meta/connect is held for twice the server's max-interval (1.5 s).
            const handshakesBefore = subscriber.wire.on('/meta/handshake').length;
            await subscriber.holdNextConnect(3000);
            const refused = await subscriber.wire.waitFor((m) => m.channel === '/meta/connect' && !m.successful,
                'the refused /meta/connect');
            assert.match(refused.error ?? '', /^402:/, `refused connect: ${JSON.stringify(refused)}`);
            assert.equal(refused.advice?.reconnect, 'handshake', `advice to handshake again: ${JSON.stringify(refused)}`);

            // Faye handshakes again by itself and resubscribes its channels.
            const rehandshake = await subscriber.wire.waitFor(
                (m) => m.channel === '/meta/handshake' && m.successful && m.clientId !== firstClientId,
                'a new successful handshake');
            assert.equal(subscriber.wire.on('/meta/handshake').length, handshakesBefore + 1, 'one new handshake');
            const resubscribed = await subscriber.wire.waitFor(
                (m) => m.channel === '/meta/subscribe' && m.clientId === rehandshake.clientId
                    && [].concat(m.subscription).includes(channel),
                'the automatic resubscription');
            assert.equal(resubscribed.successful, true, `resubscribe: ${JSON.stringify(resubscribed)}`);

            await publisher.publish(channel, {n: 2});
            await inbox.waitFor((m) => m.data.n === 2, 'the message after the new handshake');

            // Faye handshakes over HTTP; over websocket it sends a /meta/connect or two over long-polling
            // until its websocket is open again (web_socket.js: a new socket is opened after the handshake).
            // Once the new session is back on the transport under test, messages flow there too.
            await subscriber.sent.waitFor((m) => m.channel === '/meta/connect' && m.clientId === rehandshake.clientId
                && m.connectionType === transport, `a /meta/connect of the new session over ${transport}`);
            await publisher.publish(channel, {n: 3});
            await inbox.waitFor((m) => m.data.n === 3, `the message after the new session is on ${transport}`);
            assert.deepEqual(inbox.messages.map((m) => m.data), [{n: 1}, {n: 2}, {n: 3}]);
            await eventually(() => subscriber.wire.messages.some((m) => m.channel === '/meta/connect' && m.successful
                && m.clientId === rehandshake.clientId), 'a successful /meta/connect of the new session');
            assert.equal(await sessionKnown(firstClientId), false, 'the old session is gone');
        });
    });
}
