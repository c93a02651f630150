// The official CometD JavaScript client (npm cometd@9.0.0 through cometd-nodejs-client@2.0.0) against
// several nodes of one cluster on the Redis engine: subscribers on nodes A and B, a publisher on node C.
// Not named *.test.mjs, so that the single-node suite (`node --test` in the parent directory) skips it:
// CrossNodeJavaScriptClientTests runs `node --test cluster/cometd-cross-node.mjs` with COMETD_URLS set.

import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {cometdClients} from '../cometd-harness.mjs';
import {uniqueChannel} from '../support.mjs';

/** The nodes' Bayeux endpoints, comma-separated: A, B and C (with two nodes, C is B). */
const URLS = (process.env.COMETD_URLS || '').split(',').filter((url) => url.length > 0);
const [NODE_A, NODE_B, NODE_C = URLS[1]] = URLS;
const TEST_TIMEOUT_MS = 40_000;
const COUNT = 300;

assert.ok(URLS.length >= 2, `COMETD_URLS names at least two nodes: ${process.env.COMETD_URLS}`);

/** The seq fields of the messages on one channel, in arrival order. */
function seqsOn(inbox, channel) {
    return inbox.messages.filter((m) => m.channel === channel).map((m) => m.data.seq);
}

function range(count) {
    return Array.from({length: count}, (_, i) => i);
}

for (const publisherTransport of ['websocket', 'long-polling']) {
    describe(`CometD JS clients across nodes, publisher over ${publisherTransport}`, () => {

        test(`${COUNT} messages on each of two channels reach every subscriber once, in order`,
            {timeout: TEST_TIMEOUT_MS}, async (t) => {
                const websocket = cometdClients(t, 'websocket');
                const longPolling = cometdClients(t, 'long-polling');
                const subscribers = [
                    ['A websocket', await websocket({configuration: {url: NODE_A}})],
                    ['A long-polling', await longPolling({configuration: {url: NODE_A}})],
                    ['B websocket', await websocket({configuration: {url: NODE_B}})],
                    ['B long-polling', await longPolling({configuration: {url: NODE_B}})],
                ];
                const publisher = await cometdClients(t, publisherTransport)({configuration: {url: NODE_C}});

                const base = uniqueChannel('cross-node');
                const [x, y, end] = [`${base}/x`, `${base}/y`, `${base}/end`];
                // Each subscriber listens on /x exactly; the B ones also on the wildcard /* (x, y and end),
                // the A ones on /y and /end exactly: every client gets /end last, after all its messages.
                const inboxes = [];
                for (const [name, client] of subscribers) {
                    const exact = await client.subscribeInbox(x);
                    let rest;
                    if (name.startsWith('B')) {
                        rest = await client.subscribeInbox(`${base}/*`);
                    } else {
                        rest = await client.subscribeInbox(y);
                        await client.subscribe(end, (m) => rest.push(m));
                    }
                    inboxes.push({name, exact, rest});
                }

                const acks = [];
                for (let i = 0; i < COUNT; i++) {
                    acks.push(publisher.publishNoWait(x, {seq: i, node: 'C'}));
                    acks.push(publisher.publishNoWait(y, {seq: i, node: 'C'}));
                }
                const replies = await Promise.all(acks);
                assert.deepEqual(replies.filter((r) => !r.successful), [], 'every publish acknowledged');
                // Sent after every acknowledgement: a subscriber that got it on /end had every earlier
                // message's chance to arrive, so any duplicate would be there too.
                await publisher.publish(end, {seq: 'end'});

                for (const {name, exact, rest} of inboxes) {
                    await rest.waitFor((m) => m.channel === end, `${name}: the end marker`, 20_000);
                    await exact.waitForCount(COUNT, () => true, `${name}: ${COUNT} messages on ${x}`, 20_000);
                    assert.deepEqual(exact.messages.map((m) => m.data.seq), range(COUNT),
                        `${name}: ${x} exactly once each, in publish order`);
                    assert.deepEqual(seqsOn(rest, y), range(COUNT), `${name}: ${y} exactly once each, in order`);
                    assert.deepEqual(seqsOn(rest, end), ['end'], `${name}: one end marker`);
                    if (name.startsWith('B')) {
                        assert.deepEqual(seqsOn(rest, x), range(COUNT),
                            `${name}: ${base}/* delivers ${x} exactly once each, in order`);
                    }
                }
            });
    });
}
