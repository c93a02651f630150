// Acknowledged delivery with the official CometD JavaScript client's AckExtension (npm cometd@9.0.0),
// unchanged: the answer that carries the first messages is lost on the way in (a long-polling response
// reported as failed, a websocket frame dropped and its socket cut), and the client must still receive
// every message once, in order. Without the extension the same loss loses messages.

import {before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {AckExtension} from 'cometd';
import {CometDClient, cometdClients} from './cometd-harness.mjs';
import {assertServerAnswers, eventually, uniqueChannel} from './support.mjs';

const TEST_TIMEOUT_MS = 30_000;
const COUNT = 20;

/** The one answer to lose: armed per test, matched on the raw text received. */
let loseNext = null;
let lost = 0;

function loses(text) {
    if (loseNext !== null && typeof text === 'string' && loseNext(text)) {
        loseNext = null;
        lost += 1;
        return true;
    }
    return false;
}

// cometd-nodejs-client installed window.WebSocket (npm ws); the CometD transport creates its sockets
// from it when it connects. This one cuts its TCP connection instead of handing over a lost frame.
const BaseWebSocket = window.WebSocket;
window.WebSocket = class LosingWebSocket extends BaseWebSocket {
    set onmessage(handler) {
        super.onmessage = (event) => {
            if (loses(event.data)) {
                this.terminate();
            } else {
                handler(event);
            }
        };
    }

    get onmessage() {
        return super.onmessage;
    }
};

/** Long-polling: a response that arrived is reported to the client as a failed request. */
function loseLongPollingAnswers(client) {
    const transport = client.cometd.findTransport('long-polling');
    const send = transport.xhrSend.bind(transport);
    transport.xhrSend = (packet) => send({
        ...packet,
        onSuccess: (text) => (loses(text) ? packet.onError('lost on purpose') : packet.onSuccess(text)),
    });
}

before(assertServerAnswers);

// cometd-nodejs-client's websocket (npm ws) keeps no cookies, so a socket that replaces a cut one is
// a new browser to a server that requires the cookie (the default), and the session does not carry
// over: the websocket case needs cometd.websocket.require-browser-cookie=false, and
// NodeAckOverCookieLessWebSocketTests runs it against such a server (ACK_TRANSPORTS=websocket).
const ACK_TRANSPORTS = (process.env.ACK_TRANSPORTS ?? 'websocket,long-polling').split(',');

for (const transport of ACK_TRANSPORTS) {
    describe(`CometD JS client with AckExtension over ${transport}`, () => {

        async function publishThroughALoss(t, acknowledging) {
            // A short back-off, so that the client reconnects well within the server's max-interval.
            const subscriber = new CometDClient(transport, {configuration: {backoffIncrement: 100}});
            t.after(() => subscriber.close());
            if (acknowledging) {
                subscriber.cometd.registerExtension('ack', new AckExtension());
            }
            loseLongPollingAnswers(subscriber);
            const handshake = await subscriber.handshake();
            assert.equal(handshake.ext?.ack, acknowledging ? true : undefined, 'the server acknowledges');
            const publisher = await cometdClients(t, transport)();
            const channel = uniqueChannel('ack');
            const inbox = await subscriber.subscribeInbox(channel);

            lost = 0;
            // The first answer that delivers a message of the channel (a publish reply carries no data).
            loseNext = (text) => text.includes(`"channel":"${channel}"`) && text.includes('"data"');
            for (let i = 0; i < COUNT; i++) {
                await publisher.publish(channel, i);
            }
            await eventually(() => lost > 0, 'the loss of an answer');
            await publisher.publish(channel, 'end');
            if (acknowledging) {
                await inbox.waitFor((m) => m.data === 'end', 'the last message', 20_000);
            } else {
                // Without acks the last message too may go to the connection that broke, before the
                // client is back: publish it again until one arrives.
                const deadline = Date.now() + 20_000;
                while (!inbox.messages.some((m) => m.data === 'end')) {
                    assert.ok(Date.now() < deadline, `the last message, after ${inbox.messages.map((m) => m.data)}`);
                    await inbox.waitFor((m) => m.data === 'end', 'the last message', 200)
                        .catch(() => publisher.publishNoWait(channel, 'end'));
                }
            }
            assert.equal(lost, 1, 'one answer lost');
            const received = inbox.messages.map((m) => m.data);
            return received.slice(0, received.indexOf('end') + 1);
        }

        test('messages of a lost answer arrive again, once, in order', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const received = await publishThroughALoss(t, true);
            assert.deepEqual(received, [...Array(COUNT).keys(), 'end']);
        });

        test('without the extension the same loss loses messages', {timeout: TEST_TIMEOUT_MS}, async (t) => {
            const received = await publishThroughALoss(t, false);
            assert.ok(received.length < COUNT + 1, `some lost: ${received}`);
            assert.equal(new Set(received).size, received.length, 'no duplicates');
        });
    });
}
