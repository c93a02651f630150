// Minimal forever-frame and multipart clients, written from the wire formats in docs/protocol-and-transports.md (page
// streaming-clients.html), in headless Chromium: one page subscribes over the transport, another
// publishes, and what arrives is checked. Chromium runs the forever-frame's scripts as they stream in.

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
    context = await browser.newContext();
});

after(async () => {
    await context?.close();
    await browser?.close();
});

async function openClient(t, type) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error));
    t.after(async () => {
        await page.evaluate(() => window.stop()).catch(() => {});
        await page.close();
    });
    await page.goto(`${BASE_URL}/streaming-clients.html`);
    await page.evaluate((connectionType) => window.start(connectionType), type);
    // The stream opens with its preamble: the empty opening part, or the frame's padding.
    if (type === 'multipart') {
        await page.waitForFunction(() => window.batches >= 1, null, {timeout: TIMEOUT_MS});
    }
    return {page, errors};
}

for (const type of ['forever-frame', 'multipart']) {
    test(`a page receives over ${type} what another page publishes`, {timeout: 60_000}, async (t) => {
        const subscriber = await openClient(t, type);
        const publisher = await openClient(t, type);
        const channel = `/browser/${type}-${Date.now()}`;
        assert.equal(await subscriber.page.evaluate((ch) => window.subscribe(ch), channel), true);

        const payloads = [{text: 'hello'}, 'héllo wörld ✓ 日本語 🎉 \u2028', '</script><script>window.injected = true</script>',
            [1, {two: [2]}, null]];
        for (const data of payloads) {
            assert.equal(await publisher.page.evaluate(([ch, d]) => window.publish(ch, d), [channel, data]), true);
        }
        await subscriber.page.waitForFunction((n) => window.received.length >= n, payloads.length, {timeout: TIMEOUT_MS});
        assert.deepEqual(await subscriber.page.evaluate(() => window.received), payloads);
        assert.equal(await subscriber.page.evaluate(() => window.injected
            || document.querySelector('iframe')?.contentWindow?.injected), undefined, 'no script was injected');
        assert.deepEqual(subscriber.errors, [], 'no page errors');
    });
}
