// Each of the six transports, alone, in Chromium: a page subscribes and receives what the server
// publishes, a page's publish reaches another page intact, and a remote call is answered.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {TRANSPORTS, launchChromium, openClient, received, richPayload, uniqueChannel, waitInPage} from './support.mjs';

let browser;
before(async () => {
    browser = await launchChromium();
});
after(() => browser?.close());

// The classic script and the ES module are the same source: half the transports load one, half the other.
const FORMS = {
    'websocket': 'module', 'eventsource': 'script', 'long-polling': 'module',
    'forever-frame': 'script', 'multipart': 'module', 'callback-polling': 'script',
};

for (const transport of TRANSPORTS) {
    test(`${transport}: server publishes and page-to-page publishes reach a subscribed page (${FORMS[transport]})`, async () => {
        const config = {transports: [transport]};
        const subscriber = await openClient(browser, {config, form: FORMS[transport]});
        const publisher = await openClient(browser, {config, form: FORMS[transport]});
        try {
            const channel = uniqueChannel(transport);
            assert.equal(await subscriber.page.evaluate((name) => subscribe(name), channel), true, 'subscribed');
            for (const {page} of [subscriber, publisher]) {
                await waitInPage(page, () => client.getState() === 'connected', null, `${transport} connected`);
                assert.deepEqual(await page.evaluate(() => [client.getTransport(), e2e.transports]), [transport, [transport]]);
            }

            // What the server publishes (BayeuxServer.publish, from the test's service).
            const fromServer = {from: 'server', transport};
            const answer = await publisher.page.evaluate(([name, data]) => client.remoteCall('/service/e2e/broadcast',
                {channel: name, data}).then((reply) => reply.data), [channel, fromServer]);
            assert.deepEqual(answer, {published: true});
            const [first] = await received(subscriber.page, channel, 1, 'the server-side publish');
            assert.deepEqual(first.data, fromServer);

            // A page's publish, with a payload that must survive every wire format.
            const payload = richPayload(transport);
            const reply = await publisher.page.evaluate(([name, data]) => client.publish(name, data), [channel, payload]);
            assert.equal(reply.successful, true);
            assert.equal(reply.data, undefined, 'a publish reply carries no data');
            const messages = await received(subscriber.page, channel, 2, 'the page-to-page publish');
            assert.deepEqual(messages[1].data, payload);

            // A remote call, matched by id.
            const echo = await subscriber.page.evaluate(() => client.remoteCall('echo', {ping: '✓'}).then((r) => r.data));
            assert.deepEqual(echo, {ping: '✓'});

            await Promise.all([subscriber, publisher].map(({page}) => page.evaluate(() => client.disconnect())));
            assert.deepEqual(await subscriber.page.evaluate(() => e2e.states), ['connecting', 'connected', 'disconnected']);
            assert.deepEqual([...subscriber.errors, ...publisher.errors], [], 'no page errors');
        } finally {
            await subscriber.close();
            await publisher.close();
        }
    });
}
