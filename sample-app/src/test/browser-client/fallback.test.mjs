// Negotiation in a real browser: a websocket that opens but carries nothing is given up for the next
// transport, and the order of the transports option is honoured.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {launchChromium, openClient, received, uniqueChannel, waitInPage} from './support.mjs';

let browser;
before(async () => {
    browser = await launchChromium();
});
after(() => browser?.close());

test('a websocket that opens but carries nothing falls back to eventsource, the next transport', async () => {
    // Every websocket of this page is routed to nowhere: it opens, and no frame ever comes.
    const blocked = await openClient(browser, {config: {maxNetworkDelay: 2000}, silentWebSocket: true});
    const other = await openClient(browser, {form: 'module'});
    try {
        await waitInPage(blocked.page, () => client.getState() === 'connected', null, 'the blocked page connected');
        const [transport, transports, handshakes] = await blocked.page.evaluate(() => [client.getTransport(), e2e.transports,
            e2e.outgoing.filter((message) => message.channel === '/meta/handshake').map((message) => message.supportedConnectionTypes)]);
        assert.equal(transport, 'eventsource');
        assert.deepEqual(transports, ['eventsource']);
        assert.deepEqual(handshakes, [
            ['websocket', 'eventsource', 'long-polling', 'forever-frame', 'multipart', 'callback-polling'],
            ['eventsource', 'long-polling', 'forever-frame', 'multipart', 'callback-polling'],
        ], 'the silent websocket was tried first, then left out');
        // The other page connects on its own schedule: wait for it before reading its transport.
        await waitInPage(other.page, () => client.getState() === 'connected', null, 'the unblocked page connected');
        assert.equal(await other.page.evaluate(() => client.getTransport()), 'websocket', 'an unblocked page keeps websocket');

        // Both ways between the fallen-back page and a websocket page.
        const channel = uniqueChannel('fallback');
        assert.equal(await blocked.page.evaluate((name) => subscribe(name), channel), true);
        assert.equal(await other.page.evaluate((name) => subscribe(name), channel), true);
        await other.page.evaluate((name) => client.publish(name, 'from websocket'), channel);
        await blocked.page.evaluate((name) => client.publish(name, 'from eventsource'), channel);
        for (const {page} of [blocked, other]) {
            const messages = await received(page, channel, 2);
            assert.deepEqual(messages.map((message) => message.data).sort(), ['from eventsource', 'from websocket']);
        }
    } finally {
        await blocked.close();
        await other.close();
    }
});

test('the transports option sets the order: long-polling before websocket', async () => {
    const page = await openClient(browser, {config: {transports: ['long-polling', 'websocket']}});
    try {
        await waitInPage(page.page, () => client.getState() === 'connected', null, 'connected');
        assert.equal(await page.page.evaluate(() => client.getTransport()), 'long-polling');
        const offered = await page.page.evaluate(() => e2e.outgoing.find((m) => m.channel === '/meta/handshake').supportedConnectionTypes);
        assert.deepEqual(offered, ['long-polling', 'websocket']);
        const reply = await page.page.evaluate(() => e2e.incoming.find((m) => m.channel === '/meta/handshake'));
        assert.deepEqual(reply.supportedConnectionTypes.sort(),
            ['callback-polling', 'eventsource', 'forever-frame', 'long-polling', 'multipart', 'websocket']);
    } finally {
        await page.close();
    }
});
