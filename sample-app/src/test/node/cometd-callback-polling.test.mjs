// callback-polling (JSONP) with the real CometD JavaScript client.
//
// Neither Node client can do callback-polling as shipped:
//  - cometd's CallbackPollingTransport.jsonpSend() adds a <script> element to window.document's <head>,
//    and cometd-nodejs-client's adapt() defines no window.document (only XMLHttpRequest, WebSocket and
//    timers), so the transport throws and the client fails over or gives up;
//  - Faye's Node build registers no callback-polling transport at all (src/transport/node_transports.js:
//    in-process, websocket, long-polling).
// So this file gives the unchanged CometD client the bare minimum of a browser DOM it uses: a <head>
// whose appendChild(script) loads script.src with a GET and runs the answer as a script in the global
// scope, where the transport's callback lives, as a browser would. Everything else is the real client.
//
// One callback-polling client at a time: the transport names its callbacks "_cometd_jsonp_<n>" with a
// counter of its own (CallbackPollingTransport.js, jsonpSend), so two CometD objects in one page (one
// `window`) overwrite each other's callbacks. Where two clients talk, the other one uses long-polling.

import {before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import {cometdClients} from './cometd-harness.mjs';
import {assertSameData, assertServerAnswers, eventually, sessionKnown, richPayload, uniqueChannel} from './support.mjs';

const TEST_TIMEOUT_MS = 20_000;

/** Installs window.document with just what CallbackPollingTransport.jsonpSend() calls. */
function installScriptElementDom() {
    const head = {
        appendChild(script) {
            setImmediate(() => loadScript(script));
        },
        removeChild() {
        },
    };
    global.window.document = {
        getElementsByTagName: (name) => (name === 'head' ? [head] : []),
        createElement: (tagName) => ({tagName}),
    };
}

// A browser sends the page's cookies with a <script> request and keeps those its response sets; the
// server binds the session to the BAYEUX_BROWSER cookie its handshake set, and refuses it without.
const scriptCookies = new Map();

function rememberCookies(response) {
    for (const setCookie of response.headers.getSetCookie()) {
        const pair = setCookie.split(';')[0];
        const equals = pair.indexOf('=');
        if (equals > 0) {
            scriptCookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
        }
    }
}

async function loadScript(script) {
    // The transport defines the callback on `window`; a browser's window is the global scope.
    const callback = new URL(script.src).searchParams.get('jsonp');
    try {
        const cookie = [...scriptCookies].map(([name, value]) => `${name}=${value}`).join('; ');
        const response = await fetch(script.src, {
            headers: cookie ? {cookie} : {},
            signal: AbortSignal.timeout(15_000),
        });
        rememberCookies(response);
        const type = response.headers.get('content-type') ?? '';
        if (!response.ok || !/javascript/.test(type)) {
            throw new Error(`GET ${script.src}: HTTP ${response.status} ${type}`);
        }
        const body = await response.text();
        globalThis[callback] = (...args) => global.window[callback](...args);
        try {
            vm.runInThisContext(body, {filename: script.src});
        } finally {
            delete globalThis[callback];
        }
    } catch (error) {
        // The client reports only "jsonp error", as a browser tells a script no more: say what failed.
        console.error(`<script> load failed: ${error.message}`);
        script.onerror?.({type: 'error', error});
    }
}

describe('CometD JS client over callback-polling (minimal <script> DOM)', () => {
    before(assertServerAnswers);
    before(installScriptElementDom);

    test('handshakes and reports itself connected', {timeout: TEST_TIMEOUT_MS}, async (t) => {
        const client = await cometdClients(t, 'callback-polling')();
        const handshake = client.wire.messages.find((m) => m.channel === '/meta/handshake');
        assert.equal(handshake.successful, true);
        assert.ok(handshake.supportedConnectionTypes.includes('callback-polling'));
        assert.equal(client.transportType, 'callback-polling');
        await eventually(() => client.status === 'connected', `status "connected", is "${client.status}"`);
        assert.deepEqual(client.failures, [], 'no transport failure');
    });

    // U+2028 and U+2029 are legal in JSON but, in older engines, not in a script: the server escapes them.
    const payloads = [richPayload('object'), 'héllo wörld ✓ 日本語 🎉 \u2028 \u2029 </script>', [null, true, -1.5]];

    test('receives data intact: unicode and nested JSON published over long-polling', {timeout: TEST_TIMEOUT_MS}, async (t) => {
        const subscriber = await cometdClients(t, 'callback-polling')();
        const publisher = await cometdClients(t, 'long-polling')();
        const channel = uniqueChannel('jsonp-in');
        const inbox = await subscriber.subscribeInbox(channel);
        for (const data of payloads) {
            await publisher.publish(channel, data);
        }
        const received = await inbox.waitForCount(payloads.length, () => true, `${payloads.length} messages`);
        assert.equal(received.length, payloads.length, 'no extra message');
        received.forEach((message, i) => assertSameData(message.data, payloads[i], `message ${i}`));
        assert.equal(subscriber.transportType, 'callback-polling');
    });

    test('publishes data intact: unicode and nested JSON, received over long-polling', {timeout: TEST_TIMEOUT_MS}, async (t) => {
        const publisher = await cometdClients(t, 'callback-polling')();
        const subscriber = await cometdClients(t, 'long-polling')();
        const channel = uniqueChannel('jsonp-out');
        const inbox = await subscriber.subscribeInbox(channel);
        for (const data of payloads) {
            await publisher.publish(channel, data);
        }
        const received = await inbox.waitForCount(payloads.length, () => true, `${payloads.length} messages`);
        assert.equal(received.length, payloads.length, 'no extra message');
        received.forEach((message, i) => assertSameData(message.data, payloads[i], `message ${i}`));
        assert.equal(publisher.transportType, 'callback-polling');
    });

    test('echo service answers the sender', {timeout: TEST_TIMEOUT_MS}, async (t) => {
        const sender = await cometdClients(t, 'callback-polling')();
        const data = {text: 'écho ✓', list: [1, {two: 2}]};
        await sender.publish('/service/echo', data);
        const echo = await sender.wire.waitFor((m) => m.channel === '/service/echo' && m.data !== undefined, 'the echo');
        assertSameData(echo.data, data, 'echo');
    });

    test('disconnects cleanly', {timeout: TEST_TIMEOUT_MS}, async (t) => {
        const client = await cometdClients(t, 'callback-polling')();
        const clientId = client.clientId;
        assert.equal(await sessionKnown(clientId), true, 'the server knows the live session');
        const reply = await client.disconnect();
        assert.equal(reply.successful, true, `disconnect reply: ${JSON.stringify(reply)}`);
        assert.equal(client.status, 'disconnected');
        assert.equal(await sessionKnown(clientId), false, 'the server forgot the session');
    });
});
