// A server restart: the pages reconnect, handshake again, restore their subscription once, and no
// message is delivered twice. The suite runs a sample app of its own so that it can stop and start it.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {launchChromium, openClient, received, uniqueChannel, waitInPage} from './support.mjs';
import {SAMPLE_APP_CLASSPATH, freePort, startSampleApp, stopSampleApp} from './sample-server.mjs';

let browser;
let app;
before(async () => {
    browser = await launchChromium();
});
after(async () => {
    await browser?.close();
    if (app) {
        await stopSampleApp(app);
    }
});

const RECONNECT = {backoffIncrement: 250, maxBackoff: 1000};

test('a server restart ends in reconnect and resubscription, with no duplicate delivery',
    {skip: SAMPLE_APP_CLASSPATH ? false : 'SAMPLE_APP_CLASSPATH is not set: run through BrowserClientTests'}, async (t) => {
        const started = Date.now();
        const step = (what) => t.diagnostic(`${what} after ${Date.now() - started} ms`);
        const port = await freePort();
        const cometdUrl = `http://127.0.0.1:${port}/cometd`;
        app = await startSampleApp(port);
        step('sample app started');
        const subscriber = await openClient(browser, {cometdUrl, config: RECONNECT});
        const publisher = await openClient(browser, {cometdUrl, config: RECONNECT, form: 'module'});
        try {
            const channel = uniqueChannel('restart');
            assert.equal(await subscriber.page.evaluate((name) => subscribe(name), channel), true);
            await publisher.page.evaluate((name) => client.publish(name, 'before'), channel);
            await received(subscriber.page, channel, 1, 'the message before the restart');
            const firstSession = await subscriber.page.evaluate(() => client.getClientId());

            await stopSampleApp(app);
            step('sample app stopped');
            await waitInPage(subscriber.page, () => e2e.states.includes('reconnecting'), null, 'the page to notice');
            app = await startSampleApp(port);
            step('sample app started again');

            const newSession = await waitInPage(subscriber.page, (old) => client.getState() === 'connected'
                && client.getClientId() !== old && client.getClientId(), firstSession, 'a new session after the restart');
            await waitInPage(subscriber.page, ([name, id]) => e2e.incoming.some((m) => m.channel === '/meta/subscribe'
                && m.successful && m.subscription === name && m.clientId === id), [channel, newSession], 'the resubscription');
            await waitInPage(publisher.page, (old) => client.getState() === 'connected' && client.getClientId() !== old,
                await publisher.page.evaluate(() => e2e.incoming.find((m) => m.channel === '/meta/handshake').clientId),
                'the publisher reconnected');

            step('both pages reconnected');
            for (const data of ['after-1', 'after-2', 'last']) {
                const reply = await publisher.page.evaluate(([name, value]) => client.publish(name, value), [channel, data]);
                assert.equal(reply.successful, true);
            }
            // Everything the publisher sent arrives in order; a duplicate would arrive before the last one.
            await waitInPage(subscriber.page, (name) => e2e.received.some((m) => m.channel === name && m.data === 'last'),
                channel, 'the last message');
            const data = (await subscriber.page.evaluate(() => e2e.received)).filter((m) => m.channel === channel)
                .map((m) => m.data);
            assert.deepEqual(data, ['before', 'after-1', 'after-2', 'last']);

            const [states, subscribes, transport] = await subscriber.page.evaluate((name) => [e2e.states,
                e2e.outgoing.filter((m) => m.channel === '/meta/subscribe' && m.subscription === name).map((m) => m.clientId),
                client.getTransport()], channel);
            assert.deepEqual(states.slice(0, 3), ['connecting', 'connected', 'reconnecting']);
            assert.equal(states.at(-1), 'connected');
            assert.ok(!states.includes('disconnected'), `never gave up: ${states}`);
            assert.equal(subscribes.length, 2, `one subscribe per session: ${subscribes}`);
            assert.deepEqual(subscribes, [firstSession, newSession]);
            assert.equal(transport, 'websocket', 'back on the preferred transport');
            assert.deepEqual([...subscriber.errors, ...publisher.errors], []);
        } finally {
            await subscriber.close();
            await publisher.close();
        }
    });
