// An in-memory Bayeux server and the fake transports that reach it, for testing the client's logic
// without a network. Replies come back asynchronously (setImmediate, which the tests' mocked timers
// leave alone), as they would from a real server.

let sessionCounter = 0;

/**
 * A Bayeux server in memory. Tests steer it through its fields (which connection types it has,
 * which transports are blocked or silent, which channels are denied) and inspect `sent`, the log of
 * every batch a client sent, and `transports`, every transport instance a client created.
 */
export class FakeServer {
    constructor(options = {}) {
        /** Connection types the server advertises. */
        this.types = options.types ?? ['websocket', 'eventsource', 'long-polling', 'forever-frame', 'multipart', 'callback-polling'];
        /** Connection types whose open() fails (a refused or blocked connection). */
        this.blocked = new Set(options.blocked ?? []);
        /** Connection types that open but never answer (a proxy that swallows websocket frames). */
        this.silent = new Set(options.silent ?? []);
        /** Connection types that answer only this many more batches, then go silent. */
        this.answerLimit = new Map(Object.entries(options.answerLimit ?? {}));
        /** Connection types that deliver messages as they come (the others wait for a connect). */
        this.pushing = new Set(options.pushing ?? ['websocket', 'eventsource', 'forever-frame', 'multipart']);
        /** Channels whose subscription is refused. */
        this.denied = new Set();
        /** How long a connect is held, advised at handshake. */
        this.timeout = options.timeout ?? 30000;
        /** When true, handshakes are refused with advice reconnect: none. */
        this.refuseHandshakes = false;
        /** When true, every request fails at the transport (the server is down). */
        this.down = false;
        /** @type {{transport: string, messages: object[]}[]} */
        this.sent = [];
        /** @type {FakeTransport[]} */
        this.transports = [];
        /** @type {Map<string, {id: string, subscriptions: Set<string>, queue: object[], held: object|null, transport: FakeTransport|null}>} */
        this.sessions = new Map();
        this.connectAdvice = options.connectAdvice ?? {};
        /** Gives the `ext` of a meta reply (handshake, connect, subscribe) from its request; none by default. */
        this.replyExt = () => undefined;
    }

    /** Transport classes to register on a client: one per name, all reaching this server. */
    transportClasses(names, unavailable = []) {
        const classes = {};
        for (const name of names) {
            classes[name] = fakeTransportClass(this, !unavailable.includes(name));
        }
        return classes;
    }

    /** Every message sent on a channel, in order. */
    sentOn(channel) {
        return this.sent.flatMap((batch) => batch.messages).filter((message) => message.channel === channel);
    }

    /** The batches that carried a given channel. */
    batchesWith(channel) {
        return this.sent.filter((batch) => batch.messages.some((message) => message.channel === channel));
    }

    /** Publish from the server side to every subscriber of a channel, with an `ext` if given. */
    publish(channel, data, ext) {
        for (const session of this.sessions.values()) {
            if ([...session.subscriptions].some((pattern) => matches(pattern, channel))) {
                this.#enqueue(session, ext === undefined ? {channel, data} : {channel, data, ext});
            }
        }
    }

    /** Forget every session, as a restarted server does; held connects fail as their connection drops. */
    restart() {
        for (const session of this.sessions.values()) {
            session.transport?.drop(new Error('server restarted'));
        }
        this.sessions.clear();
    }

    /** Forget a session: its held connect is answered with 402 and advice to handshake again. */
    expire(clientId) {
        const session = this.sessions.get(clientId);
        this.sessions.delete(clientId);
        if (session?.held) {
            const {id, channel} = session.held;
            session.held = null;
            const transport = session.transport;
            setImmediate(() => transport.closed || transport.context.receive([{id, channel, successful: false,
                error: '402::session_unknown', advice: {reconnect: 'handshake', interval: 0}}]));
        }
    }

    /** Answer every held connect now. */
    releaseConnects() {
        for (const session of this.sessions.values()) {
            this.#release(session);
        }
    }

    open(transport) {
        if (this.down || this.blocked.has(transport.name)) {
            return Promise.reject(new Error(`${transport.name} refused`));
        }
        return Promise.resolve();
    }

    send(transport, messages) {
        this.sent.push({transport: transport.name, messages: structuredClone(messages)});
        if (this.down) {
            return Promise.reject(new Error('connection refused'));
        }
        if (this.answerLimit.has(transport.name)) {
            const left = this.answerLimit.get(transport.name);
            this.answerLimit.set(transport.name, left - 1);
            if (left <= 0) {
                this.silent.add(transport.name);
            }
        }
        if (this.silent.has(transport.name)) {
            return Promise.resolve();
        }
        const replies = [];
        for (const message of structuredClone(messages)) {
            const reply = this.#process(message, transport);
            if (reply !== null) {
                replies.push(reply);
            }
        }
        return new Promise((resolve) => setImmediate(() => {
            if (!transport.closed && replies.length > 0) {
                transport.context.receive(replies);
            }
            resolve();
        }));
    }

    #process(message, transport) {
        const reply = {id: message.id, channel: message.channel};
        const ext = message.channel.startsWith('/meta/') ? this.replyExt(message) : undefined;
        if (ext !== undefined) {
            reply.ext = ext;
        }
        if (message.channel === '/meta/handshake') {
            if (this.refuseHandshakes) {
                return {...reply, successful: false, error: '403::handshake_denied', advice: {reconnect: 'none'}};
            }
            sessionCounter += 1;
            const session = {id: `session-${sessionCounter}`, subscriptions: new Set(), queue: [], held: null, transport: null};
            this.sessions.set(session.id, session);
            return {...reply, successful: true, clientId: session.id, version: '1.0', supportedConnectionTypes: this.types,
                advice: {reconnect: 'retry', interval: 0, timeout: this.timeout}};
        }
        const session = this.sessions.get(message.clientId);
        if (session === undefined) {
            return {...reply, successful: false, error: '402::session_unknown', advice: {reconnect: 'handshake', interval: 0}};
        }
        session.transport = transport;
        switch (message.channel) {
            case '/meta/connect': {
                if (session.held !== null) {
                    this.#release(session);
                }
                const connectReply = {...reply, clientId: session.id, successful: true,
                    advice: {reconnect: 'retry', interval: 0, timeout: this.timeout, ...this.connectAdvice}};
                if (message.advice?.timeout === 0 || session.queue.length > 0) {
                    const queued = session.queue.splice(0);
                    setImmediate(() => transport.closed || transport.context.receive([...queued, connectReply]));
                } else {
                    session.held = connectReply;
                }
                return null;
            }
            case '/meta/subscribe':
                if (this.denied.has(message.subscription)) {
                    return {...reply, successful: false, error: '403::subscribe_denied', subscription: message.subscription};
                }
                session.subscriptions.add(message.subscription);
                return {...reply, successful: true, subscription: message.subscription};
            case '/meta/unsubscribe':
                session.subscriptions.delete(message.subscription);
                return {...reply, successful: true, subscription: message.subscription};
            case '/meta/disconnect':
                this.sessions.delete(session.id);
                if (session.held !== null) {
                    const held = session.held;
                    session.held = null;
                    setImmediate(() => transport.closed || transport.context.receive([{...held, advice: {reconnect: 'none'}}]));
                }
                return {...reply, successful: true};
            default:
                if (message.channel.startsWith('/service/')) {
                    if (message.channel === '/service/echo') {
                        this.#enqueue(session, {id: message.id, channel: message.channel, successful: true, data: message.data});
                    }
                    return {...reply, successful: true};
                }
                if (message.channel.startsWith('/denied/')) {
                    return {...reply, successful: false, error: '403:denied:publish_denied'};
                }
                this.publish(message.channel, message.data);
                return {...reply, successful: true};
        }
    }

    #enqueue(session, message) {
        if (session.transport !== null && this.pushing.has(session.transport.name) && !session.transport.closed) {
            const transport = session.transport;
            setImmediate(() => transport.closed || transport.context.receive([message]));
            return;
        }
        session.queue.push(message);
        if (session.held !== null) {
            this.#release(session);
        }
    }

    #release(session) {
        if (session.held === null || session.transport === null) {
            return;
        }
        const held = session.held;
        session.held = null;
        const transport = session.transport;
        const messages = this.pushing.has(transport.name) ? [held] : [...session.queue.splice(0), held];
        setImmediate(() => transport.closed || transport.context.receive(messages));
    }
}

function matches(pattern, channel) {
    if (pattern === channel) {
        return true;
    }
    if (pattern.endsWith('/**')) {
        return channel.startsWith(pattern.slice(0, -2));
    }
    if (pattern.endsWith('/*')) {
        const prefix = pattern.slice(0, -1);
        return channel.startsWith(prefix) && !channel.slice(prefix.length).includes('/');
    }
    return false;
}

/**
 * @typedef {object} FakeTransport
 * @property {string} name
 * @property {boolean} closed
 * @property {object} context
 * @property {(error: Error) => void} drop
 */

function fakeTransportClass(server, available) {
    return class FakeTransport {
        static available() {
            return available;
        }

        constructor(name, context) {
            this.name = name;
            this.context = context;
            this.closed = false;
            server.transports.push(this);
        }

        open() {
            return server.open(this);
        }

        send(messages) {
            if (this.closed) {
                return Promise.reject(new Error('closed'));
            }
            return server.send(this, messages);
        }

        /** The connection breaks, as when the server goes away. */
        drop(error) {
            if (!this.closed) {
                this.closed = true;
                this.context.failed(error);
            }
        }

        close() {
            this.closed = true;
        }
    };
}
