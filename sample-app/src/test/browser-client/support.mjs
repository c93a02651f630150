// Shared helpers of the browser end-to-end tests of the starter's own JavaScript client: Chromium,
// test pages served on the sample app's origin, and bounded waits. Nothing is asserted by sleeping:
// every wait is for a condition, with a timeout that names it.

import {chromium} from 'playwright-core';

/** The Bayeux endpoint under test: the Java runner passes it, a developer may run a server on 18080. */
export const COMETD_URL = process.env.COMETD_URL || 'http://127.0.0.1:18080/cometd';

/** The sample app's origin: the pages, /cometd.js and /cometd.mjs come from it. */
export const ORIGIN = new URL(COMETD_URL).origin;

/** Debian's Chromium; never a downloaded browser build. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Upper bound for one expected event; generous, as a test fails fast anyway. */
export const EVENT_TIMEOUT_MS = 15_000;

export const TRANSPORTS = ['websocket', 'eventsource', 'long-polling', 'forever-frame', 'multipart', 'callback-polling'];

export function launchChromium() {
    return chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
}

let channelCounter = 0;

/** A channel no other test or run uses. */
export function uniqueChannel(kind) {
    channelCounter += 1;
    return `/e2e/${kind}-${process.pid}-${channelCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A new page in its own browser context (its own cookies, as another browser), with the client
 * loaded from the server as a classic script or an ES module, and started against COMETD_URL.
 * @param {import('playwright-core').Browser} browser
 * @param {object} options
 * @param {object} [options.config] client options besides url
 * @param {'script'|'module'} [options.form]
 * @param {boolean} [options.silentWebSocket] websockets to the server open but carry nothing
 * @param {(ws: import('playwright-core').WebSocketRoute) => void} [options.webSocketRoute] handles the page's
 *     websockets (to relay them to the server, or not, frame by frame)
 * @param {string} [options.cometdUrl]
 */
export async function openClient(browser, {config = {}, form = 'script', silentWebSocket = false, webSocketRoute = null,
    cometdUrl = COMETD_URL} = {}) {
    const origin = new URL(cometdUrl).origin;
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    if (silentWebSocket) {
        // Handled here and never connected to the server: the page's socket opens, and nothing comes.
        await page.routeWebSocket(/.*/, () => {});
    } else if (webSocketRoute !== null) {
        await page.routeWebSocket(/.*/, webSocketRoute);
    }
    // The page (sample-app/src/test/resources/static/client-e2e) comes from the server itself, as do
    // /cometd.js and /cometd.mjs: a page on the server's own origin, as an application would serve it.
    await page.goto(`${origin}/client-e2e/index.html?form=${form}`);
    const loadedAs = await waitInPage(page, () => window.loadedAs, null, `the client loaded as a ${form}`);
    if (loadedAs !== form) {
        throw new Error(`client loaded as ${loadedAs}, expected ${form}`);
    }
    const started = await page.evaluate((options) => startClient(options),
        {url: cometdUrl, logLevel: 'warn', ...config});
    if (started !== true) {
        throw new Error(`handshake failed: ${JSON.stringify(started)}`);
    }
    return {page, context, errors, close: () => context.close()};
}

/** Waits in the page until the expression holds, and returns its value. */
export async function waitInPage(page, predicate, arg, what, ms = EVENT_TIMEOUT_MS) {
    try {
        const handle = await page.waitForFunction(predicate, arg, {timeout: ms, polling: 20});
        return await handle.jsonValue();
    } catch (error) {
        // The test page's record, or the demo page's state (less its client).
        const e2e = await page.evaluate(() => window.e2e ?? (window.demo && {...window.demo, client: undefined}) ?? null)
            .catch(() => ({}));
        throw new Error(`Timed out after ${ms} ms waiting for ${what}; page state: ${JSON.stringify(e2e).slice(0, 2000)}`,
            {cause: error});
    }
}

/** Waits until the page has received `count` messages on `channel`, and returns them. */
export function received(page, channel, count, what = `${count} message(s) on ${channel}`) {
    return waitInPage(page, ([channel, count]) => {
        const messages = e2e.received.filter((message) => message.channel === channel);
        return messages.length >= count ? messages : false;
    }, [channel, count], what);
}

/** The data every page-to-page check sends: scripts, markup that must not end a script block, nesting. */
export function richPayload(tag) {
    return {
        tag,
        text: 'héllo wörld ✓ 日本語 🎉',
        markup: '</script><script>alert(1)</script> <!-- & -->',
        escapes: 'quote " backslash \\ tab \t newline \n \u2028 \u2029',
        nested: {list: [{id: 1, ok: true, none: null, ratio: 0.25}, [], {}], big: 9007199254740991},
    };
}

/** Resolves after the given time: only to pace a poll, never to assert. */
export function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
