// Drives the real Faye Node client (npm `faye`), unchanged, through its public API: Client (with its
// documented `scheduler` option), disable(), subscribe(), publish(), disconnect(), bind() and extensions.
// One private call, in cleanup only, closes a websocket that a failed test may have left open.

import faye from 'faye';
import {COMETD_URL, Deferred, EVENT_TIMEOUT_MS, Inbox, withTimeout} from './support.mjs';

let clientCounter = 0;

/**
 * One Faye client, with an Inbox of everything the server sent it and everything it sent
 * (recorded by extensions, before Faye's own channel-matching), and promise-returning helpers.
 */
export class FayeClient {
    /**
     * @param {'websocket'|'long-polling'} transport the connection type the client must use
     */
    constructor(transport) {
        clientCounter += 1;
        this.name = `faye-${transport}-${clientCounter}`;
        this.expectedTransport = transport;
        // Faye retries undeliverable messages (and handshakes) forever; once the test is over, stop it.
        const owner = this;
        this.closed = false;
        this.client = new faye.Client(COMETD_URL, {
            scheduler: class extends faye.Scheduler {
                isDeliverable() {
                    return !owner.closed && super.isDeliverable();
                }
            },
        });
        if (transport === 'long-polling') {
            this.client.disable('websocket');
        }
        this.wire = new Inbox(`${this.name} (wire in)`);
        this.sent = new Inbox(`${this.name} (wire out)`);
        this.holdNextConnectMs = 0;
        /** @type {Deferred|null} */
        this.connectHeld = null;
        this.transportUps = 0;
        this.client.bind('transport:up', () => {
            this.transportUps += 1;
        });
        this.client.addExtension({
            incoming: (message, callback) => {
                this.wire.push(message);
                callback(message);
            },
            outgoing: (message, callback) => {
                this.sent.push(message);
                if (message.channel === '/meta/connect' && this.holdNextConnectMs > 0) {
                    // Hold it back, as a frozen process or a stalled network would: nothing reaches the server.
                    const ms = this.holdNextConnectMs;
                    const held = this.connectHeld;
                    this.holdNextConnectMs = 0;
                    setTimeout(() => {
                        callback(message);
                        held?.resolve();
                    }, ms);
                } else {
                    callback(message);
                }
            },
        });
    }

    /** The clientId of the latest successful handshake, as the server sent it. */
    get clientId() {
        const handshakes = this.wire.messages.filter((m) => m.channel === '/meta/handshake' && m.successful);
        return handshakes.length > 0 ? handshakes[handshakes.length - 1].clientId : null;
    }

    /**
     * Handshakes and waits for the client to report itself connected (its connect() callback) and for the
     * first successful /meta/connect reply.
     * @returns {Promise<any>} the handshake reply
     */
    async handshake() {
        const connected = new Promise((resolve) => this.client.connect(resolve));
        await withTimeout(connected, EVENT_TIMEOUT_MS, `${this.name} connect() callback`);
        const reply = await this.wire.waitFor((m) => m.channel === '/meta/handshake', `${this.name} handshake reply`);
        if (!reply.successful) {
            throw new Error(`${this.name}: handshake failed: ${JSON.stringify(reply)}`);
        }
        await this.wire.waitFor((m) => m.channel === '/meta/connect' && m.successful,
            `${this.name} first successful /meta/connect reply`);
        // Faye handshakes over HTTP and moves to websocket once the socket it opened meanwhile is up, so a
        // first /meta/connect may still go over long-polling; wait until the client is on its transport.
        await this.sent.waitFor((m) => m.channel === '/meta/connect' && m.connectionType === this.expectedTransport,
            `${this.name} a /meta/connect over ${this.expectedTransport}`);
        return reply;
    }

    /**
     * Subscribes and waits for the server's acknowledgement.
     * @param {string} channel
     * @param {(channel: string, data: any) => void} onMessage
     * @returns {Promise<{subscription: any}>} the Faye Subscription, wrapped
     */
    async subscribe(channel, onMessage) {
        const subscription = this.client.subscribe(channel).withChannel(onMessage);
        await withTimeout(Promise.resolve(subscription), EVENT_TIMEOUT_MS, `${this.name} subscribe reply for ${channel}`);
        // Wrapped: a Faye Subscription is a thenable, which an async function would unwrap.
        return {subscription};
    }

    /**
     * Subscribes, collecting the deliveries (as {channel, data}) in a new Inbox.
     * @param {string} channel
     */
    async subscribeInbox(channel) {
        const inbox = new Inbox(`${this.name} subscription ${channel}`);
        inbox.channel = channel;
        inbox.subscription = (await this.subscribe(channel, (ch, data) => inbox.push({channel: ch, data}))).subscription;
        return inbox;
    }

    /**
     * Unsubscribes and waits for the server's acknowledgement (Faye gives no callback for it).
     * @param {{subscription: any, channel: string}} inbox from subscribeInbox()
     */
    async unsubscribe(inbox) {
        const before = this.wire.messages.length;
        inbox.subscription.cancel();
        const reply = await this.wire.waitFor(
            (m) => m.channel === '/meta/unsubscribe' && [].concat(m.subscription).includes(inbox.channel)
                && this.wire.messages.indexOf(m) >= before,
            `${this.name} unsubscribe reply for ${inbox.channel}`);
        if (!reply.successful) {
            throw new Error(`${this.name}: unsubscribe from ${inbox.channel} failed: ${JSON.stringify(reply)}`);
        }
        return reply;
    }

    /**
     * Publishes and waits for the server's acknowledgement.
     * @param {string} channel
     * @param {any} data
     */
    publish(channel, data) {
        return withTimeout(Promise.resolve(this.client.publish(channel, data)), EVENT_TIMEOUT_MS,
            `${this.name} publish reply on ${channel}`);
    }

    /** Disconnects and waits for the server's acknowledgement. */
    async disconnect() {
        const promise = this.client.disconnect();
        if (!promise) {
            throw new Error(`${this.name}: disconnect() did nothing: the client was not connected`);
        }
        await withTimeout(Promise.resolve(promise), EVENT_TIMEOUT_MS, `${this.name} disconnect reply`);
        return this.wire.waitFor((m) => m.channel === '/meta/disconnect', `${this.name} disconnect reply`);
    }

    /** Holds the client's next /meta/connect back for `ms`; resolves when it finally goes out. */
    holdNextConnect(ms) {
        this.connectHeld = new Deferred();
        this.holdNextConnectMs = ms;
        return this.connectHeld.promise;
    }

    /** Best-effort cleanup, never throws. */
    async close() {
        try {
            const promise = this.client.disconnect();
            if (promise) {
                await withTimeout(Promise.resolve(promise), 3000, 'cleanup disconnect');
            }
        } catch {
            // The test already failed or ended.
        }
        this.closed = true;
        // Closes the websocket (if any) even when the disconnect could not complete.
        this.client._dispatcher?.close();
    }
}

/**
 * Creates clients for one test and disconnects them all when it ends.
 * @param {import('node:test').TestContext} t
 * @param {'websocket'|'long-polling'} transport
 */
export function fayeClients(t, transport) {
    const clients = [];
    t.after(() => Promise.all(clients.map((client) => client.close())));
    return async () => {
        const client = new FayeClient(transport);
        clients.push(client);
        await client.handshake();
        return client;
    };
}
