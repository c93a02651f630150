// The Faye browser client (npm faye@1.4.1, unchanged) in headless Chromium, with websocket disabled, so
// that it uses the server's eventsource transport: two pages, one subscribing and one publishing.
// The Java runner (BrowserStreamingTests) serves the page and Faye's bundle from the sample app, so that
// the page and the Bayeux endpoint share an origin as Faye's eventsource transport requires.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {chromium} from 'playwright-core';

const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:18080';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = 20_000;

let browser;
let context;

before(async () => {
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // One browser context: the two pages are two tabs of one browser, sharing its cookie and connections.
    context = await browser.newContext();
});

after(async () => {
    await context?.close();
    await browser?.close();
});

/** Opens the page, starts a Faye client on it and waits until it is connected over eventsource. */
async function openClient(t) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error));
    t.after(async () => {
        await page.evaluate(() => window.client?.disconnect()).catch(() => {});
        await page.close();
    });
    await page.goto(`${BASE_URL}/faye-eventsource.html`);
    await page.evaluate(() => window.startClient());
    // Faye handshakes over long-polling, then opens an EventSource on <path>/<clientId> and, once it is
    // open, sends its /meta/connect messages with connectionType eventsource.
    try {
        await page.waitForFunction(() => window.connectionTypes.includes('eventsource'), null, {timeout: TIMEOUT_MS});
    } catch (error) {
        const state = await page.evaluate(() => ({connectionTypes: window.connectionTypes, eventSources: window.eventSources,
            clientId: window.clientId, log: window.fayeLog}));
        throw new Error(`The client did not connect over eventsource: ${JSON.stringify(state)}`, {cause: error});
    }
    assert.deepEqual(errors, [], 'no page errors');
    return page;
}

function uniqueChannel(kind) {
    return `/browser/${kind}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The EventSource of the page's client: opened on /cometd/<clientId> and open. */
async function eventSourceOf(page) {
    const clientId = await page.evaluate(() => window.clientId);
    const sources = await page.evaluate(() => window.eventSources);
    const source = sources.find((s) => new URL(s.url).pathname === `/cometd/${clientId}`);
    assert.ok(source, `an EventSource on /cometd/${clientId}: ${JSON.stringify(sources.map((s) => s.url))}`);
    assert.ok(source.opens >= 1, 'the EventSource opened');
    return source;
}

test('a page receives over eventsource what another page publishes', {timeout: 60_000}, async (t) => {
    const subscriber = await openClient(t);
    const publisher = await openClient(t);
    const channel = uniqueChannel('chat');
    await subscriber.evaluate((ch) => window.subscribe(ch), channel);

    const payloads = [{text: 'hello from the other page'}, 'héllo wörld ✓ 日本語 🎉', [1, {two: [2]}, null], '</script><script>x()</script>'];
    for (const data of payloads) {
        await publisher.evaluate(([ch, d]) => window.publish(ch, d), [channel, data]);
    }
    await subscriber.waitForFunction((n) => window.received.length >= n, payloads.length, {timeout: TIMEOUT_MS});
    assert.deepEqual(await subscriber.evaluate(() => window.received), payloads);

    // They came over the stream: the EventSource's events carried them, as JSON arrays of messages.
    const source = await eventSourceOf(subscriber);
    const streamed = source.data.flatMap((event) => JSON.parse(event.data))
        .filter((message) => message.channel === channel)
        .map((message) => message.data);
    assert.deepEqual(streamed, payloads);
    assert.ok(source.data.every((event) => /^\d+$/.test(event.id)), 'every event has an id');

    // Every /meta/connect after the first named eventsource: the client never fell back.
    const types = await subscriber.evaluate(() => window.connectionTypes);
    assert.deepEqual([...new Set(types.slice(types.indexOf('eventsource')))], ['eventsource']);
});

test('the stream re-opens after its maximum duration and no message is lost', {timeout: 60_000}, async (t) => {
    const subscriber = await openClient(t);
    const publisher = await openClient(t);
    const channel = uniqueChannel('burst');
    await subscriber.evaluate((ch) => window.subscribe(ch), channel);

    // The runner sets cometd.eventsource.max-duration to 2 s: publishing for longer than that crosses at
    // least one end of the stream and the browser's reconnect (with Last-Event-ID) after the retry delay.
    const count = 40;
    for (let i = 0; i < count; i++) {
        await publisher.evaluate(([ch, d]) => window.publish(ch, d), [channel, i]);
        await publisher.waitForTimeout(100);
    }
    await subscriber.waitForFunction((n) => window.received.length >= n, count, {timeout: TIMEOUT_MS});
    assert.deepEqual(await subscriber.evaluate(() => window.received), [...Array(count).keys()]);
    const source = await eventSourceOf(subscriber);
    assert.ok(source.opens >= 2, `the EventSource re-opened (${source.opens} opens)`);
});
