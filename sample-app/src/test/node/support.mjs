// Shared helpers of the Node.js interoperability tests: the server URL, unique channel names,
// bounded waits, and a message inbox to await deliveries on. No third-party code here.

import assert from 'node:assert/strict';

/** The Bayeux endpoint under test: the Java runner passes it, a developer may run a dev server on 18080. */
export const COMETD_URL = process.env.COMETD_URL || 'http://127.0.0.1:18080/cometd';

/** Upper bound for one expected event (a reply, a delivery); generous, as a test fails fast anyway. */
export const EVENT_TIMEOUT_MS = 10_000;

let channelCounter = 0;

/**
 * A channel prefix no other test (nor another run against the same server) uses: /chat/<kind>-<pid>-<n>-<random>.
 * @param {string} kind a short word naming the test
 */
export function uniqueChannel(kind) {
    channelCounter += 1;
    const random = Math.random().toString(36).slice(2, 8);
    return `/chat/${kind}-${process.pid}-${channelCounter}-${random}`;
}

/**
 * Rejects with a message naming what was awaited when the promise does not settle in time.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
export function withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
        // A wait nobody needs any more (the loser of a race) must not keep the test process alive.
        timer.unref();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves after the given time; used only to provoke a condition (a silent client), never to assert. */
export function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A promise that settles from outside.
 * @template T
 */
export class Deferred {
    constructor() {
        this.settled = false;
        this.promise = new Promise((resolve, reject) => {
            this.resolve = (value) => {
                this.settled = true;
                resolve(value);
            };
            this.reject = (error) => {
                this.settled = true;
                reject(error);
            };
        });
    }
}

/**
 * Collects messages in arrival order and lets a test await the first one that matches.
 */
export class Inbox {
    constructor(name) {
        this.name = name;
        /** @type {any[]} */
        this.messages = [];
        /** @type {{predicate: (m: any) => boolean, deferred: Deferred}[]} */
        this.waiters = [];
    }

    push(message) {
        this.messages.push(message);
        for (const waiter of [...this.waiters]) {
            if (waiter.predicate(message)) {
                this.waiters.splice(this.waiters.indexOf(waiter), 1);
                waiter.deferred.resolve(message);
            }
        }
    }

    /**
     * The first message, already received or still to come, that matches.
     * @param {(m: any) => boolean} predicate
     * @param {string} what described in the timeout error
     * @param {number} [ms]
     */
    waitFor(predicate, what, ms = EVENT_TIMEOUT_MS) {
        const found = this.messages.find(predicate);
        if (found !== undefined) {
            return Promise.resolve(found);
        }
        return this.#await(predicate, what, ms);
    }

    /**
     * Resolves with the matching messages once `count` of them have arrived.
     * @param {number} count
     * @param {(m: any) => boolean} predicate
     * @param {string} what
     * @param {number} [ms]
     */
    async waitForCount(count, predicate, what, ms = EVENT_TIMEOUT_MS) {
        let seen = this.messages.filter(predicate).length;
        if (seen < count) {
            await this.#await((m) => predicate(m) && ++seen >= count, what, ms).catch((error) => {
                throw new Error(`${error.message} (got ${seen} of ${count})`);
            });
        }
        return this.messages.filter(predicate);
    }

    #await(predicate, what, ms) {
        const deferred = new Deferred();
        const waiter = {predicate, deferred};
        this.waiters.push(waiter);
        return withTimeout(deferred.promise, ms, `${what} in ${this.name}`).finally(() => {
            const index = this.waiters.indexOf(waiter);
            if (index >= 0) {
                this.waiters.splice(index, 1);
            }
        });
    }

    /** @param {string} channel */
    on(channel) {
        return this.messages.filter((m) => m.channel === channel);
    }
}

/**
 * The data every "intact payload" check sends: unicode in several scripts and planes, and nested JSON
 * with objects in arrays in objects, integers, fractions, negative numbers, booleans and null.
 * @param {string} tag makes each payload unique
 */
export function richPayload(tag) {
    return {
        tag,
        text: 'héllo wörld ✓ 日本語 🎉',
        escapes: 'quote " backslash \\ slash / tab \t newline \n nul-free \u2028 \u2029',
        nested: {
            list: [
                {id: 1, name: 'ünïcödé', ok: true, none: null, ratio: 0.25},
                {id: -2, deep: {deeper: [1, 2.5, -3e-7, 'x', false, null, {emoji: '👩‍💻'}]}},
                [],
                {},
            ],
            big: 9007199254740991,
            zero: 0,
            flag: false,
            nothing: null,
            empty: '',
        },
    };
}

/** assert.deepStrictEqual with a short message. */
export function assertSameData(actual, expected, what) {
    assert.deepStrictEqual(actual, expected, `${what}: received data differs from what was sent`);
}

/**
 * Waits, polling every few milliseconds, until `check()` returns a truthy value, and returns it.
 * @template T
 * @param {() => T} check
 * @param {string} what
 * @param {number} [ms]
 * @returns {Promise<T>}
 */
export async function eventually(check, what, ms = EVENT_TIMEOUT_MS) {
    const deadline = Date.now() + ms;
    for (;;) {
        const result = check();
        if (result) {
            return result;
        }
        if (Date.now() > deadline) {
            throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
        }
        await delay(5);
    }
}

/**
 * Sends Bayeux messages with a plain HTTP POST (no client library), to ask the server directly.
 * @param {object[]} messages
 * @returns {Promise<any[]>} the reply messages
 */
export async function postBayeux(messages) {
    const response = await fetch(COMETD_URL, {
        method: 'POST',
        headers: {'Content-Type': 'application/json;charset=UTF-8'},
        body: JSON.stringify(messages),
        signal: AbortSignal.timeout(EVENT_TIMEOUT_MS),
    });
    assert.equal(response.status, 200, `POST ${JSON.stringify(messages)}: HTTP status`);
    return response.json();
}

/**
 * Asks the server, through its `cometd` actuator endpoint, whether it still knows a clientId. (A raw
 * Bayeux request cannot tell: without the session's browser cookie any clientId is unknown to it.)
 * @param {string} clientId
 * @returns {Promise<boolean>} whether the session is live
 */
export async function sessionKnown(clientId) {
    const url = new URL(`/actuator/cometd/sessions/${encodeURIComponent(clientId)}`, COMETD_URL);
    // The sample app's login for the endpoint's lists, as the interop profile sets it.
    const authorization = `Basic ${Buffer.from(process.env.COMETD_OPS_LOGIN ?? 'ops:interop-ops').toString('base64')}`;
    const response = await fetch(url, {headers: {authorization}, signal: AbortSignal.timeout(EVENT_TIMEOUT_MS)});
    assert.ok(response.status === 200 || response.status === 404, `GET ${url}: HTTP ${response.status}`);
    return response.status === 200;
}

/**
 * Fails fast, with the URL in the message, when no Bayeux server answers a handshake at COMETD_URL;
 * disconnects the session it made.
 */
export async function assertServerAnswers() {
    let reply;
    try {
        [reply] = await postBayeux([{channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling']}]);
    } catch (error) {
        throw new Error(`No Bayeux server answers at ${COMETD_URL} (set COMETD_URL): ${error.message}`);
    }
    assert.equal(reply?.successful, true, `handshake at ${COMETD_URL}: ${JSON.stringify(reply)}`);
    await postBayeux([{channel: '/meta/disconnect', clientId: reply.clientId}]);
}
