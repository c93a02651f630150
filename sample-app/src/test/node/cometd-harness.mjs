// Drives the real CometD JavaScript client (npm `cometd`) in Node through the real adapter
// (npm `cometd-nodejs-client`), both unchanged. Only public API and documented hooks are used:
//  - adapt({cookies}) with the adapter's storeCookie/retrieveCookies hooks, to give each CometD object
//    a cookie jar of its own (the adapter's default jar is global: every client would look like one
//    browser, and the server would answer the second with `multiple-clients` advice);
//  - the `context` a transport copies into each XMLHttpRequest (LongPollingTransport.js, #copyContext);
//  - registerTransport() with a subclass of the real transport, to hold back /meta/connect on demand.

import {adapt} from 'cometd-nodejs-client';
import {CallbackPollingTransport, CometD, LongPollingTransport, WebSocketTransport} from 'cometd';
import {COMETD_URL, Deferred, EVENT_TIMEOUT_MS, Inbox, withTimeout} from './support.mjs';

// The adapter passes the same URL object to retrieveCookies(context, uri) when a request is sent and
// to storeCookie(uri, header) when its response arrives; this map leads from the one to the other.
const jarOfRequest = new WeakMap();

adapt({
    cookies: {
        retrieveCookies(context, uri, callback) {
            const jar = context && context.cookieJar;
            if (!jar) {
                callback(null, []);
                return;
            }
            jarOfRequest.set(uri, jar);
            callback(null, [...jar.values()]);
        },
        storeCookie(uri, header, callback) {
            const jar = jarOfRequest.get(uri);
            if (jar) {
                const nameValue = header.split(';')[0].trim();
                const equal = nameValue.indexOf('=');
                if (equal > 0) {
                    jar.set(nameValue.substring(0, equal), nameValue);
                }
            }
            callback(null, undefined);
        },
    },
});

/**
 * Adds to a real transport class the ability to hold back the next /meta/connect for a while, as a
 * client whose process is frozen or whose network stalls would: nothing reaches the server meanwhile.
 * @template {new (...args: any[]) => any} T
 * @param {T} Base
 */
function holdable(Base) {
    return class extends Base {
        holdNextConnectMs = 0;
        /** @type {Deferred|null} */
        connectHeld = null;

        send(envelope, metaConnect) {
            if (metaConnect && this.holdNextConnectMs > 0) {
                const ms = this.holdNextConnectMs;
                this.holdNextConnectMs = 0;
                const held = this.connectHeld;
                setTimeout(() => {
                    super.send(envelope, metaConnect);
                    held?.resolve();
                }, ms);
            } else {
                super.send(envelope, metaConnect);
            }
        }
    };
}

const HoldableWebSocketTransport = holdable(WebSocketTransport);
const HoldableLongPollingTransport = holdable(LongPollingTransport);

let clientCounter = 0;

/**
 * One CometD client, with an Inbox of everything the server sent it (recorded by an incoming extension,
 * so before the client's own channel-matching) and promise-returning wrappers of the callback API.
 */
export class CometDClient {
    /**
     * @param {'websocket'|'long-polling'|'callback-polling'} transport the transport the client must end up on
     * @param {{configuration?: object, cookieJar?: Map<string, string>}} [options] extra configure()
     *     options; the cookie jar of another client, to look like a second tab of the same browser
     */
    constructor(transport, {configuration = {}, cookieJar = new Map()} = {}) {
        clientCounter += 1;
        this.name = `cometd-${transport}-${clientCounter}`;
        this.expectedTransport = transport;
        this.cometd = new CometD(this.name);
        this.wire = new Inbox(`${this.name} (wire)`);
        this.failures = [];

        // Each client is a browser of its own unless told otherwise: its own cookie jar for the HTTP transports.
        const context = {cookieJar};
        this.cookieJar = cookieJar;

        // The real transports, registered in the client's default order, able to hold a /meta/connect.
        // Over websocket, long-polling stays registered as the client's fallback: the tests check that
        // the client did not fall back. callback-polling needs a DOM to add <script> elements to: only
        // cometd-callback-polling.test.mjs, which installs a minimal one, uses it.
        this.cometd.unregisterTransports();
        if (transport === 'callback-polling') {
            this.cometd.registerTransport('callback-polling', new CallbackPollingTransport());
        } else {
            if (transport === 'websocket') {
                this.cometd.registerTransport('websocket', new HoldableWebSocketTransport());
            }
            this.cometd.registerTransport('long-polling', new HoldableLongPollingTransport());
        }
        for (const type of this.cometd.getTransportTypes()) {
            this.cometd.findTransport(type).context = context;
        }

        this.cometd.registerExtension('wire-recorder', {
            incoming: (message) => {
                this.wire.push(message);
                return message;
            },
        });
        this.cometd.onTransportException = (failure, oldTransport, newTransport) => {
            this.failures.push({failure, oldTransport, newTransport});
        };
        this.cometd.configure({url: COMETD_URL, logLevel: 'warn', ...configuration});
    }

    get clientId() {
        return this.cometd.getClientId();
    }

    get status() {
        return this.cometd.getStatus();
    }

    get transportType() {
        const transport = this.cometd.getTransport();
        return transport ? transport.type : null;
    }

    /**
     * Handshakes and waits for the first successful /meta/connect reply.
     * @returns {Promise<any>} the handshake reply
     */
    async handshake() {
        const connected = new Deferred();
        const listener = this.cometd.addListener('/meta/connect', (message) => {
            if (message.successful) {
                connected.resolve(message);
            }
        });
        const handshook = new Deferred();
        this.cometd.handshake((reply) => {
            if (!handshook.settled) {
                if (reply.successful) {
                    handshook.resolve(reply);
                } else {
                    handshook.reject(new Error(`${this.name}: handshake failed: ${JSON.stringify(reply)}`));
                }
            }
        });
        try {
            const reply = await withTimeout(handshook.promise, EVENT_TIMEOUT_MS, `${this.name} handshake reply`);
            await withTimeout(connected.promise, EVENT_TIMEOUT_MS, `${this.name} first /meta/connect reply`);
            if (this.transportType !== this.expectedTransport) {
                throw new Error(`${this.name}: on ${this.transportType}, not ${this.expectedTransport}; `
                    + `transport failures: ${JSON.stringify(this.failures)}`);
            }
            return reply;
        } finally {
            this.cometd.removeListener(listener);
        }
    }

    /**
     * Subscribes and waits for the server's acknowledgement.
     * @param {string} channel
     * @param {(message: any) => void} onMessage
     * @returns {Promise<any>} the subscription handle
     */
    async subscribe(channel, onMessage) {
        const ack = new Deferred();
        const handle = this.cometd.subscribe(channel, onMessage, (reply) => ack.resolve(reply));
        const reply = await withTimeout(ack.promise, EVENT_TIMEOUT_MS, `${this.name} subscribe reply for ${channel}`);
        if (!reply.successful) {
            throw new Error(`${this.name}: subscribe to ${channel} failed: ${JSON.stringify(reply)}`);
        }
        return handle;
    }

    /**
     * Subscribes, collecting the deliveries in a new Inbox.
     * @param {string} channel
     */
    async subscribeInbox(channel) {
        const inbox = new Inbox(`${this.name} subscription ${channel}`);
        inbox.handle = await this.subscribe(channel, (message) => inbox.push(message));
        return inbox;
    }

    /** Unsubscribes and waits for the server's acknowledgement. */
    async unsubscribe(handle) {
        const ack = new Deferred();
        this.cometd.unsubscribe(handle, (reply) => ack.resolve(reply));
        const reply = await withTimeout(ack.promise, EVENT_TIMEOUT_MS, `${this.name} unsubscribe reply`);
        if (!reply.successful) {
            throw new Error(`${this.name}: unsubscribe failed: ${JSON.stringify(reply)}`);
        }
        return reply;
    }

    /**
     * Publishes and waits for the server's acknowledgement.
     * @param {string} channel
     * @param {any} data
     */
    async publish(channel, data) {
        const reply = await withTimeout(this.publishNoWait(channel, data), EVENT_TIMEOUT_MS,
            `${this.name} publish reply on ${channel}`);
        if (!reply.successful) {
            throw new Error(`${this.name}: publish on ${channel} failed: ${JSON.stringify(reply)}`);
        }
        return reply;
    }

    /** Publishes; the promise settles with the server's reply, whenever it comes. */
    publishNoWait(channel, data) {
        return new Promise((resolve) => this.cometd.publish(channel, data, resolve));
    }

    /** Disconnects and waits for the server's acknowledgement. */
    async disconnect() {
        const ack = new Deferred();
        this.cometd.disconnect((reply) => ack.resolve(reply));
        return withTimeout(ack.promise, EVENT_TIMEOUT_MS, `${this.name} disconnect reply`);
    }

    /** Holds the client's next /meta/connect back for `ms`; resolves when it finally goes out. */
    holdNextConnect(ms) {
        const transport = this.cometd.getTransport();
        transport.connectHeld = new Deferred();
        transport.holdNextConnectMs = ms;
        return transport.connectHeld.promise;
    }

    /** Best-effort cleanup: disconnect if still connected, never throws. */
    async close() {
        if (this.cometd.isDisconnected()) {
            return;
        }
        try {
            await withTimeout(new Promise((resolve) => this.cometd.disconnect(resolve)), 3000, 'cleanup disconnect');
        } catch {
            // The test already failed or ended; make sure nothing keeps running.
        }
        const transport = this.cometd.getTransport();
        if (transport) {
            transport.abort();
        }
    }
}

/**
 * Creates clients for one test and disconnects them all when it ends.
 * @param {import('node:test').TestContext} t
 * @param {'websocket'|'long-polling'|'callback-polling'} transport
 */
export function cometdClients(t, transport) {
    const clients = [];
    t.after(() => Promise.all(clients.map((client) => client.close())));
    return async (options) => {
        const client = new CometDClient(transport, options);
        clients.push(client);
        await client.handshake();
        return client;
    };
}
