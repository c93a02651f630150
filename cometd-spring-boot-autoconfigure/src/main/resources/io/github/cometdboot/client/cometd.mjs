// cometd-spring-boot's browser client: Bayeux 1.0 over websocket, eventsource, long-polling,
// forever-frame, multipart and callback-polling. No dependencies, plain ES2020, no build step.
//
// One source, two forms. This file is the ES module, served as it is at /cometd.mjs. The starter
// serves the classic script, /cometd.js, by wrapping this same text at serving time in a function
// that assigns the default export to window.CometD (ClientScriptRoutes does it), so no generated
// copy can drift from this one. That wrapping relies on two rules for this file: it has no import
// statement, and its only export statement is the last one, `export {...};`.

const BAYEUX_VERSION = '1.0';

/** Transports in the order the client tries them. */
const DEFAULT_TRANSPORTS = Object.freeze(['websocket', 'eventsource', 'long-polling', 'forever-frame', 'multipart',
    'callback-polling']);

const DEFAULTS = Object.freeze({
    url: null,
    transports: DEFAULT_TRANSPORTS,
    maxNetworkDelay: 10000,
    backoffIncrement: 1000,
    maxBackoff: 60000,
    backoffJitter: 0.5,
    renegotiateAfter: 5,
    maxQueue: 100,
    requestHeaders: {},
    credentials: 'same-origin',
    maxURILength: 2000,
    logLevel: 'warn',
    ack: true,
});

const LOG_LEVELS = {none: -1, error: 0, warn: 1, info: 2, debug: 3};

const META = '/meta/';
const HANDSHAKE = '/meta/handshake';
const CONNECT = '/meta/connect';
const SUBSCRIBE = '/meta/subscribe';
const UNSUBSCRIBE = '/meta/unsubscribe';
const DISCONNECT = '/meta/disconnect';

function noop() {
}

/**
 * Whether a channel name or wildcard pattern matches a channel: `/a/*` matches one more segment,
 * `/a/**` one or more, neither matches `/a` itself.
 */
function channelMatches(pattern, channel) {
    if (pattern === channel) {
        return true;
    }
    if (pattern.endsWith('/**')) {
        const prefix = pattern.slice(0, -2);
        return channel.length > prefix.length && channel.startsWith(prefix);
    }
    if (pattern.endsWith('/*')) {
        const prefix = pattern.slice(0, -1);
        return channel.length > prefix.length && channel.startsWith(prefix) && channel.indexOf('/', prefix.length) < 0;
    }
    return false;
}

/**
 * The wait before reconnect attempt `attempt` (1 for the first): exponential, capped at maxBackoff,
 * and lowered by a random share of at most backoffJitter so that clients dropped together do not
 * come back together.
 */
function backoffDelay(attempt, config, random = Math.random) {
    if (attempt <= 0) {
        return 0;
    }
    const ceiling = Math.min(config.maxBackoff, config.backoffIncrement * Math.pow(2, attempt - 1));
    return Math.round(ceiling * (1 - config.backoffJitter * random()));
}

/** Messages from a parsed body: an array, or one bare message. */
function toMessages(parsed) {
    if (Array.isArray(parsed)) {
        return parsed;
    }
    return parsed !== null && typeof parsed === 'object' ? [parsed] : [];
}

function isSessionUnknown(reply) {
    return reply.successful === false && typeof reply.error === 'string' && reply.error.startsWith('402:');
}

/** An unsuccessful reply, a transport failure or a refused call; `reply` is the server's message if any. */
class CometDError extends Error {
    constructor(message, reply) {
        super(message);
        this.name = 'CometDError';
        this.reply = reply;
        /** The numeric Bayeux error code (402, 403 ...), when the server sent one. */
        this.code = reply && typeof reply.error === 'string' ? Number(reply.error.split(':')[0]) || undefined : undefined;
    }
}

// ---------------------------------------------------------------------------------------------
// Transports. Each is a small class: `static available(config)` tells whether this environment
// can run it; an instance serves one connection attempt and is never reused after close().
//   open()            resolves when it can send (a websocket is open), rejects when it cannot.
//   send(messages)    sends one batch; resolves once it has gone (a request transport: once its
//                     response was handed to context.receive), rejects when it could not be sent.
//   close()           ends it; later events are ignored by the client.
// Everything the server sends, replies and deliveries alike, goes to context.receive(messages);
// context.failed(error) reports a connection that broke (a socket or a stream that ended).
// ---------------------------------------------------------------------------------------------

/** `websocket`: one socket at the Bayeux URL, every frame a JSON array of messages. */
class WebSocketTransport {
    static available() {
        return typeof WebSocket === 'function';
    }

    constructor(name, context) {
        this.name = name;
        this.context = context;
        this.socket = null;
        this.closed = false;
    }

    open() {
        return new Promise((resolve, reject) => {
            const url = this.context.url.replace(/^http/, 'ws');
            let socket;
            try {
                socket = new WebSocket(url);
            } catch (error) {
                reject(error);
                return;
            }
            this.socket = socket;
            let opened = false;
            socket.onopen = () => {
                opened = true;
                resolve();
            };
            socket.onmessage = (event) => {
                let messages;
                try {
                    messages = toMessages(JSON.parse(event.data));
                } catch (error) {
                    this.context.failed(new Error(`websocket frame is not JSON: ${error.message}`));
                    return;
                }
                this.context.receive(messages);
            };
            socket.onerror = noop;
            socket.onclose = (event) => {
                const error = new Error(`websocket closed (${event.code}${event.reason ? ' ' + event.reason : ''})`);
                if (!opened) {
                    reject(error);
                } else if (!this.closed) {
                    this.context.failed(error);
                }
                this.closed = true;
            };
        });
    }

    send(messages) {
        if (this.socket === null || this.socket.readyState !== 1) {
            return Promise.reject(new Error('websocket is not open'));
        }
        this.socket.send(JSON.stringify(messages));
        return Promise.resolve();
    }

    close() {
        this.closed = true;
        if (this.socket !== null) {
            this.socket.onopen = this.socket.onmessage = this.socket.onclose = noop;
            try {
                this.socket.close(1000);
            } catch (ignored) {
                // already closed
            }
        }
    }
}

/**
 * A POST of a JSON array, answered with a JSON array (resolved, parsed): long-polling, and the
 * requests of the streaming transports.
 */
function postMessages(context, messages, controllers) {
    const controller = new AbortController();
    controllers.add(controller);
    const headers = Object.assign({}, context.config.requestHeaders, {'Content-Type': 'application/json;charset=UTF-8'});
    return fetch(context.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(messages),
        credentials: context.config.credentials,
        cache: 'no-store',
        signal: controller.signal,
    }).then((response) => {
        if (!response.ok) {
            throw new Error(`HTTP ${response.status}`);
        }
        return response.text();
    }).then((text) => toMessages(text === '' ? [] : JSON.parse(text)))
        .finally(() => controllers.delete(controller));
}

/** `long-polling`: every batch is a POST; a held /meta/connect answers with the messages queued for us. */
class LongPollingTransport {
    static available() {
        return typeof fetch === 'function' && typeof AbortController === 'function';
    }

    constructor(name, context) {
        this.name = name;
        this.context = context;
        this.controllers = new Set();
    }

    open() {
        return Promise.resolve();
    }

    send(messages) {
        return postMessages(this.context, messages, this.controllers).then((replies) => this.context.receive(replies));
    }

    close() {
        for (const controller of this.controllers) {
            controller.abort();
        }
        this.controllers.clear();
    }
}

let callbackCounter = 0;

/**
 * `callback-polling` (JSONP): `GET <url>?jsonp=<callback>&message=<JSON array>` through a script
 * element; a batch whose URL would pass maxURILength is split into several requests.
 */
class CallbackPollingTransport {
    static available() {
        return typeof document !== 'undefined' && typeof document.createElement === 'function';
    }

    constructor(name, context) {
        this.name = name;
        this.context = context;
        this.requests = new Set();
    }

    open() {
        return Promise.resolve();
    }

    send(messages) {
        const chunks = [];
        let chunk = [];
        let length = this.context.url.length + 40;
        for (const message of messages) {
            const size = encodeURIComponent(JSON.stringify(message)).length + 3;
            if (chunk.length > 0 && length + size > this.context.config.maxURILength) {
                chunks.push(chunk);
                chunk = [];
                length = this.context.url.length + 40;
            }
            chunk.push(message);
            length += size;
        }
        chunks.push(chunk);
        return Promise.all(chunks.map((part) => this.request(part))).then(noop);
    }

    request(messages) {
        return new Promise((resolve, reject) => {
            callbackCounter += 1;
            const callback = `_cometd_jsonp_${callbackCounter}`;
            const script = document.createElement('script');
            const request = {closed: false, reject};
            // Called by the script; after close() it stays defined (doing nothing) until the script ran.
            const cleanup = () => {
                this.requests.delete(request);
                delete globalThis[callback];
                script.remove();
            };
            globalThis[callback] = (replies) => {
                cleanup();
                if (!request.closed) {
                    this.context.receive(toMessages(replies));
                    resolve();
                }
            };
            script.onload = script.onerror = () => {
                if (globalThis[callback] !== undefined) {
                    cleanup();
                    reject(new Error('callback-polling request failed'));
                }
            };
            this.requests.add(request);
            const separator = this.context.url.indexOf('?') < 0 ? '?' : '&';
            script.async = true;
            script.src = `${this.context.url}${separator}jsonp=${callback}&message=${encodeURIComponent(JSON.stringify(messages))}`;
            (document.head || document.documentElement).appendChild(script);
        });
    }

    close() {
        for (const request of [...this.requests]) {
            request.closed = true;
            request.reject(new Error('callback-polling closed'));
        }
        this.requests.clear();
    }
}

/** The URL of a stream: a sub-path of the Bayeux URL. */
function streamUrl(url, ...segments) {
    const target = new URL(url);
    target.pathname = target.pathname.replace(/\/$/, '') + '/' + segments.map(encodeURIComponent).join('/');
    return target;
}

/**
 * What eventsource, forever-frame and multipart share: requests go by POST as over long-polling (the
 * handshake too), and once the session exists the messages for it flow on a stream that the subclass
 * opens with GET. A batch is sent only once the stream is open, so the first connect proves the
 * stream and not only the POSTs. When the stream cannot open, a batch with a connect is still posted,
 * to learn whether the server forgot the session (402, then a new handshake); otherwise it fails.
 */
class StreamingTransport {
    constructor(name, context) {
        this.name = name;
        this.context = context;
        this.controllers = new Set();
        this.stream = null;
        this.closed = false;
    }

    open() {
        return Promise.resolve();
    }

    send(messages) {
        const clientId = this.context.clientId;
        if (clientId === null) {
            return postMessages(this.context, messages, this.controllers).then((replies) => this.context.receive(replies));
        }
        if (this.stream === null) {
            this.stream = this.openStream(clientId);
            this.stream.catch(noop);
        }
        return this.stream.then(() => postMessages(this.context, messages, this.controllers)
            .then((replies) => this.context.receive(replies)), (error) => {
            if (!messages.some((message) => message.channel === CONNECT)) {
                throw error;
            }
            return postMessages(this.context, messages, this.controllers).then((replies) => {
                if (!replies.some(isSessionUnknown)) {
                    throw error;
                }
                this.context.receive(replies);
            });
        });
    }

    /** The stream broke after it opened. */
    fail(error) {
        if (!this.closed) {
            this.closed = true;
            this.context.failed(error);
        }
    }

    close() {
        this.closed = true;
        for (const controller of this.controllers) {
            controller.abort();
        }
        this.controllers.clear();
        this.closeStream();
    }

    /** Hand a batch that arrived on the stream to the client. */
    deliver(messages) {
        if (!this.closed) {
            this.context.receive(toMessages(messages));
        }
    }
}

/**
 * `eventsource`: an EventSource on `<url>/<clientId>`, each event's data a JSON array. The browser
 * re-opens a stream that ends (sending Last-Event-ID, so the server sends again what may be lost);
 * a stream it gives up on (the session is unknown) fails the transport.
 */
class EventSourceTransport extends StreamingTransport {
    static available() {
        return typeof EventSource === 'function' && LongPollingTransport.available();
    }

    openStream(clientId) {
        return new Promise((resolve, reject) => {
            const source = new EventSource(streamUrl(this.context.url, clientId).href,
                {withCredentials: this.context.config.credentials === 'include'});
            this.source = source;
            let opened = false;
            source.onopen = () => {
                opened = true;
                resolve();
            };
            source.onmessage = (event) => {
                try {
                    this.deliver(JSON.parse(event.data));
                } catch (error) {
                    this.fail(new Error(`eventsource data is not JSON: ${error.message}`));
                }
            };
            source.onerror = () => {
                if (!opened) {
                    source.close();
                    reject(new Error('eventsource stream did not open'));
                } else if (source.readyState === 2) {
                    this.fail(new Error('eventsource stream closed'));
                }
            };
        });
    }

    closeStream() {
        if (this.source) {
            this.source.onopen = this.source.onmessage = this.source.onerror = null;
            this.source.close();
        }
    }
}

let frameCounter = 0;

/**
 * `forever-frame`: a hidden iframe loads `<url>/forever-frame/<clientId>?callback=<name>`, an HTML
 * document that never ends, whose script blocks call `parent.<name>([...])`. A page on another
 * origin passes `origin=<its origin>` instead and receives each array by postMessage. When the
 * document ends (after the server's maximum duration) a new frame takes over.
 */
class ForeverFrameTransport extends StreamingTransport {
    static available() {
        return typeof document !== 'undefined' && typeof window !== 'undefined' && LongPollingTransport.available();
    }

    openStream(clientId) {
        const url = streamUrl(this.context.url, 'forever-frame', clientId);
        const sameOrigin = url.origin === window.location.origin;
        if (!sameOrigin) {
            this.onPostMessage = (event) => {
                if (this.frame && event.source === this.frame.contentWindow && event.origin === url.origin) {
                    this.delivered = true;
                    this.deliver(event.data);
                }
            };
            window.addEventListener('message', this.onPostMessage);
            url.searchParams.set('origin', window.location.origin);
        } else {
            frameCounter += 1;
            this.callback = `_cometd_frame_${frameCounter}`;
            window[this.callback] = (messages) => {
                this.delivered = true;
                this.deliver(messages);
            };
            url.searchParams.set('callback', this.callback);
        }
        return this.openFrame(url, sameOrigin);
    }

    /** A new frame; resolves once its document has started (same origin), or at once (another origin). */
    openFrame(url, sameOrigin) {
        return new Promise((resolve, reject) => {
            const frame = document.createElement('iframe');
            frame.style.display = 'none';
            frame.setAttribute('aria-hidden', 'true');
            this.frame = frame;
            this.delivered = false;
            let started = !sameOrigin;
            let waited = 0;
            const poll = () => {
                if (this.closed || this.frame !== frame || started) {
                    return;
                }
                // The document opens with <title>Bayeux</title>: an error page does not.
                const doc = frame.contentDocument;
                if (doc && doc.title === 'Bayeux') {
                    started = true;
                    resolve();
                } else if ((waited += 50) >= this.context.config.maxNetworkDelay) {
                    reject(new Error('forever-frame did not start'));
                } else {
                    setTimeout(poll, 50);
                }
            };
            frame.onload = () => {
                if (this.closed || this.frame !== frame) {
                    return;
                }
                const doc = sameOrigin ? frame.contentDocument : null;
                if (!started && !(doc && doc.title === 'Bayeux')) {
                    reject(new Error('forever-frame failed to load'));
                } else if (!this.delivered) {
                    this.fail(new Error('forever-frame ended without delivering anything'));
                } else {
                    // The server ended the document after its maximum duration: open the next one.
                    frame.remove();
                    this.openFrame(url, sameOrigin).catch((error) => this.fail(error));
                }
            };
            frame.src = url.href;
            (document.body || document.documentElement).appendChild(frame);
            if (started) {
                resolve();
            } else {
                setTimeout(poll, 50);
            }
        });
    }

    closeStream() {
        if (this.frame) {
            this.frame.onload = null;
            this.frame.remove();
            this.frame = null;
        }
        if (this.callback) {
            window[this.callback] = noop;
        }
        if (this.onPostMessage) {
            window.removeEventListener('message', this.onPostMessage);
        }
    }
}

/** Index of a byte sequence in a byte array, from a position; -1 when absent. */
function indexOfBytes(bytes, sequence, from) {
    outer:
    for (let i = from; i <= bytes.length - sequence.length; i += 1) {
        for (let j = 0; j < sequence.length; j += 1) {
            if (bytes[i + j] !== sequence[j]) {
                continue outer;
            }
        }
        return i;
    }
    return -1;
}

/**
 * Reads `multipart/x-mixed-replace` parts as they arrive: `--<boundary>`, headers with
 * Content-Length, a blank line, then that many bytes of JSON. Calls onPart with each body's text and
 * returns whether the close delimiter was seen.
 */
class MultipartReader {
    constructor(boundary, onPart) {
        this.encoder = new TextEncoder();
        this.decoder = new TextDecoder();
        this.delimiter = this.encoder.encode(`--${boundary}`);
        this.blankLine = this.encoder.encode('\r\n\r\n');
        this.buffer = new Uint8Array(0);
        this.onPart = onPart;
        this.ended = false;
    }

    push(chunk) {
        const joined = new Uint8Array(this.buffer.length + chunk.length);
        joined.set(this.buffer);
        joined.set(chunk, this.buffer.length);
        this.buffer = joined;
        for (;;) {
            const start = indexOfBytes(this.buffer, this.delimiter, 0);
            if (start < 0 || this.buffer.length < start + this.delimiter.length + 2) {
                return;
            }
            const afterDelimiter = start + this.delimiter.length;
            if (this.buffer[afterDelimiter] === 45 && this.buffer[afterDelimiter + 1] === 45) {
                this.ended = true;
                this.buffer = new Uint8Array(0);
                return;
            }
            const headersEnd = indexOfBytes(this.buffer, this.blankLine, afterDelimiter);
            if (headersEnd < 0) {
                return;
            }
            const headers = this.decoder.decode(this.buffer.subarray(afterDelimiter, headersEnd));
            const length = /content-length:\s*(\d+)/i.exec(headers);
            if (length === null) {
                throw new Error('multipart part without Content-Length');
            }
            const bodyStart = headersEnd + this.blankLine.length;
            const bodyEnd = bodyStart + Number(length[1]);
            if (this.buffer.length < bodyEnd) {
                return;
            }
            const body = this.decoder.decode(this.buffer.subarray(bodyStart, bodyEnd));
            this.buffer = this.buffer.slice(bodyEnd);
            this.onPart(body);
        }
    }
}

/**
 * `multipart`: a streamed fetch of `<url>/multipart/<clientId>` answering
 * `multipart/x-mixed-replace; boundary=...`, every part a JSON array. The stream opens with an empty
 * part; when the server ends it (the close delimiter, after its maximum duration) the next one opens.
 */
class MultipartTransport extends StreamingTransport {
    static available() {
        return LongPollingTransport.available() && typeof TextDecoder === 'function' && typeof Response === 'function'
            && 'body' in Response.prototype;
    }

    openStream(clientId) {
        return new Promise((resolve, reject) => {
            let opened = false;
            const opening = {resolve: () => {
                opened = true;
                resolve();
            }, reject};
            this.read(clientId, opening).catch((error) => {
                if (!opened) {
                    reject(error);
                } else {
                    this.fail(error);
                }
            });
        });
    }

    read(clientId, opening) {
        const controller = new AbortController();
        this.controllers.add(controller);
        return fetch(streamUrl(this.context.url, 'multipart', clientId).href, {
            headers: this.context.config.requestHeaders,
            credentials: this.context.config.credentials,
            cache: 'no-store',
            signal: controller.signal,
        }).then((response) => {
            const type = response.headers.get('Content-Type') || '';
            const boundary = /boundary="?([^";]+)"?/i.exec(type);
            if (!response.ok || boundary === null) {
                throw new Error(`multipart stream refused: HTTP ${response.status} ${type}`);
            }
            const parts = new MultipartReader(boundary[1], (body) => {
                opening.resolve();
                this.deliver(JSON.parse(body));
            });
            const reader = response.body.getReader();
            const next = () => reader.read().then(({done, value}) => {
                if (!done) {
                    parts.push(value);
                    return next();
                }
                this.controllers.delete(controller);
                if (!parts.ended) {
                    throw new Error('multipart stream ended without its close delimiter');
                }
                // Ended by the server after its maximum duration: the next stream takes over.
                return this.closed ? undefined : this.read(clientId, opening);
            });
            return next();
        });
    }

    closeStream() {
        // Aborting the fetch (in close()) ends the stream.
    }
}

/** The transports built in, by connection type. */
const BUILT_IN_TRANSPORTS = {
    'websocket': WebSocketTransport,
    'eventsource': EventSourceTransport,
    'long-polling': LongPollingTransport,
    'forever-frame': ForeverFrameTransport,
    'multipart': MultipartTransport,
    'callback-polling': CallbackPollingTransport,
};

// ---------------------------------------------------------------------------------------------
// Delivery guarantees, as built-in extensions (outgoing/incoming, like registered ones, run first).
// ---------------------------------------------------------------------------------------------

/**
 * Acknowledged delivery, in the wire format of CometD's `ack` extension: the handshake asks for it
 * (`ext: {ack: true}`); when the server agrees, each /meta/connect carries `ext.ack`, the batch number
 * of the last connect reply received, and the server sends again, once and in order, what a lost reply
 * carried. The number moves only when a whole reply arrives, after the messages before it.
 */
class Acknowledgements {
    constructor(client) {
        this.client = client;
        this.enabled = false;
        this.batch = 0;
    }

    outgoing(message) {
        if (message.channel === HANDSHAKE) {
            this.enabled = false;
            this.batch = 0;
            if (this.client._config.ack) {
                message.ext = Object.assign({}, message.ext, {ack: true});
            }
        } else if (message.channel === CONNECT && this.enabled) {
            message.ext = Object.assign({}, message.ext, {ack: this.batch});
        }
        return message;
    }

    incoming(message) {
        const ack = message.ext ? message.ext.ack : undefined;
        if (message.channel === HANDSHAKE && message.successful) {
            this.enabled = ack === true || (ack !== null && typeof ack === 'object' && ack.enabled === true);
        } else if (message.channel === CONNECT && message.successful && this.enabled && typeof ack === 'number') {
            this.batch = ack;
        }
        return message;
    }
}

/**
 * Channel history: remembers, for each channel subscribed with `{recover: true}`, the position
 * (`ext.history: {offset, epoch}`) of the last message received, sends it with the /meta/subscribe that
 * follows a new handshake so that the server sends what was missed first, drops a message it already
 * has, and tells the subscription's `onRecovery` how the recovery went.
 * Only delivered messages move the position used to drop duplicates: a subscribe reply's position is
 * the channel's newest, which recovered messages still on their way may not have reached yet; it is
 * where to recover from when nothing was received in its epoch.
 */
class HistoryPositions {
    constructor(client) {
        this.client = client;
        /** @type {Map<string, {delivered: ?{offset: number, epoch: string}, base: ?{offset: number, epoch: string}}>} */
        this.channels = new Map();
    }

    outgoing(message) {
        if (message.channel === SUBSCRIBE && this._recovering(message.subscription)) {
            const position = this._resumeFrom(message.subscription);
            if (position !== null) {
                message.ext = Object.assign({}, message.ext, {history: {offset: position.offset, epoch: position.epoch}});
            }
        }
        return message;
    }

    incoming(message) {
        const history = message.ext ? message.ext.history : undefined;
        if (history === null || typeof history !== 'object' || typeof history.offset !== 'number'
            || !this._recovering(message.subscription || message.channel)) {
            return message;
        }
        if (message.channel === SUBSCRIBE) {
            if (message.successful) {
                this._onSubscribed(message.subscription, history);
            }
            return message;
        }
        if (message.channel.startsWith(META)) {
            return message;
        }
        const state = this._state(message.channel);
        const delivered = state.delivered;
        if (delivered !== null && delivered.epoch === history.epoch && history.offset <= delivered.offset) {
            return null; // received already
        }
        state.delivered = {offset: history.offset, epoch: history.epoch};
        return message;
    }

    /** Forget the channels nobody subscribes to any more. */
    retain(channels) {
        for (const channel of [...this.channels.keys()]) {
            if (!channels.has(channel)) {
                this.channels.delete(channel);
            }
        }
    }

    _onSubscribed(channel, history) {
        const state = this._state(channel);
        state.base = {offset: history.offset, epoch: history.epoch};
        if (typeof history.recovered === 'boolean') {
            if (!history.recovered) {
                // What came after the last message received is gone: go on from the newest.
                state.delivered = null;
            }
            const result = {recovered: history.recovered};
            if (typeof history.reason === 'string') {
                result.reason = history.reason;
            }
            for (const handle of this.client._subscriptions.get(channel) || []) {
                if (handle.recover && typeof handle.onRecovery === 'function') {
                    this.client._invoke(handle.onRecovery, result);
                }
            }
        }
    }

    _resumeFrom(channel) {
        const state = this.channels.get(channel);
        if (state === undefined) {
            return null;
        }
        const {delivered, base} = state;
        return delivered !== null && (base === null || delivered.epoch === base.epoch) ? delivered : base;
    }

    _state(channel) {
        let state = this.channels.get(channel);
        if (state === undefined) {
            state = {delivered: null, base: null};
            this.channels.set(channel, state);
        }
        return state;
    }

    _recovering(channel) {
        const handles = typeof channel === 'string' ? this.client._subscriptions.get(channel) : undefined;
        return handles !== undefined && [...handles].some((handle) => handle.recover);
    }
}

// ---------------------------------------------------------------------------------------------
// The client.
// ---------------------------------------------------------------------------------------------

/** What subscribe() returns: the channel, `ready` (settled by the server's reply) and unsubscribe(). */
class Subscription {
    constructor(client, channel, callback, ext, options) {
        this.channel = channel;
        this.callback = callback;
        this.ext = ext;
        this.recover = Boolean(options && options.recover);
        this.onRecovery = options && options.onRecovery;
        this.active = true;
        this.ready = null;
        this._client = client;
    }

    unsubscribe() {
        return this._client.unsubscribe(this);
    }
}

/**
 * A Bayeux client. Configure it, handshake, then subscribe, publish and call services; it keeps
 * the connection up, reconnects with back-off and restores its subscriptions by itself.
 */
class CometD {
    constructor(config) {
        this._config = Object.assign({}, DEFAULTS);
        this._registry = new Map(Object.entries(BUILT_IN_TRANSPORTS));
        this._state = 'disconnected';
        this._transport = null;
        this._transportInUse = null;
        this._clientId = null;
        this._advice = {reconnect: 'retry', interval: 0, timeout: 0};
        this._epoch = 0;
        this._timer = null;
        this._attempt = 0;
        this._broken = new Set();
        this._proven = new Set();
        this._usable = [];
        this._connecting = false;
        this._connectedOnce = false;
        this._canSend = false;
        this._disconnecting = false;
        this._handshakeProps = {};
        this._handshakeWaiters = [];
        this._handshakePromise = null;
        this._nextId = 0;
        this._pending = new Map();
        this._outbox = [];
        this._waiting = [];
        this._batchDepth = 0;
        this._flushScheduled = false;
        this._subscriptions = new Map();
        this._serverSubscriptions = new Map();
        this._subscribeWaiters = new Map();
        this._listeners = new Map();
        this._events = {state: new Set(), transport: new Set()};
        this._extensions = new Map();
        this._history = new HistoryPositions(this);
        this._builtInExtensions = [new Acknowledgements(this), this._history];
        if (config !== undefined) {
            this.configure(config);
        }
    }

    // -- configuration -----------------------------------------------------------------------

    /**
     * Set options: a URL string, or an object with `url` and any of the documented options.
     */
    configure(config) {
        const options = typeof config === 'string' ? {url: config} : Object.assign({}, config);
        for (const key of Object.keys(options)) {
            if (!(key in DEFAULTS)) {
                throw new TypeError(`Unknown CometD option: ${key}`);
            }
        }
        if (options.url !== undefined) {
            options.url = CometD._absoluteUrl(options.url);
        }
        if (options.transports !== undefined) {
            if (!Array.isArray(options.transports) || options.transports.some((name) => typeof name !== 'string')) {
                throw new TypeError('transports must be an array of connection types');
            }
            options.transports = Object.freeze([...options.transports]);
        }
        Object.assign(this._config, options);
        return this;
    }

    static _absoluteUrl(url) {
        if (typeof url !== 'string' || url === '') {
            throw new TypeError('url must be a non-empty string');
        }
        const base = globalThis.location && globalThis.location.href;
        return base ? new URL(url, base).href : new URL(url).href;
    }

    /** A copy of the options in force. */
    getConfiguration() {
        return Object.assign({}, this._config);
    }

    /**
     * Register a transport under a connection type (replacing a built-in one of that name); it is
     * used when the type is in the `transports` option.
     */
    registerTransport(name, transport) {
        if (typeof transport !== 'function' || typeof transport.available !== 'function') {
            throw new TypeError('a transport is a class with a static available() method');
        }
        this._registry.set(name, transport);
    }

    unregisterTransport(name) {
        return this._registry.delete(name);
    }

    /** Connection types this client may use here, in order: the option, less the unavailable ones. */
    getTransportTypes() {
        return this._config.transports.filter((name) => {
            const transport = this._registry.get(name);
            return transport !== undefined && transport.available(this._config);
        });
    }

    registerExtension(name, extension) {
        if (this._extensions.has(name)) {
            return false;
        }
        this._extensions.set(name, extension);
        if (typeof extension.registered === 'function') {
            extension.registered(name, this);
        }
        return true;
    }

    unregisterExtension(name) {
        const extension = this._extensions.get(name);
        if (extension === undefined) {
            return false;
        }
        this._extensions.delete(name);
        if (typeof extension.unregistered === 'function') {
            extension.unregistered();
        }
        return true;
    }

    // -- state -------------------------------------------------------------------------------

    /** `disconnected`, `connecting`, `connected` or `reconnecting`. */
    getState() {
        return this._state;
    }

    /** The connection type in use, or null before the first connect. */
    getTransport() {
        return this._transportInUse;
    }

    getClientId() {
        return this._clientId;
    }

    /** The last advice the server gave. */
    getAdvice() {
        return Object.assign({}, this._advice);
    }

    /**
     * Listen to `state` (state, previous) or `transport` (type, previous) changes; returns a
     * function that removes the listener.
     */
    on(event, listener) {
        const listeners = this._events[event];
        if (listeners === undefined) {
            throw new TypeError(`Unknown event: ${event} (state or transport)`);
        }
        listeners.add(listener);
        return () => listeners.delete(listener);
    }

    /**
     * Receive every message on a channel or wildcard, meta channels included, without subscribing.
     */
    addListener(channel, callback) {
        CometD._checkPattern(channel);
        const handle = {channel, callback};
        let handles = this._listeners.get(channel);
        if (handles === undefined) {
            handles = new Set();
            this._listeners.set(channel, handles);
        }
        handles.add(handle);
        return handle;
    }

    removeListener(handle) {
        const handles = this._listeners.get(handle.channel);
        if (handles !== undefined && handles.delete(handle) && handles.size === 0) {
            this._listeners.delete(handle.channel);
        }
    }

    // -- handshake and disconnect ------------------------------------------------------------

    /**
     * Open the session. Resolves with the first successful handshake reply; rejects when the server
     * refuses for good (advice `reconnect: none`), when no transport is common, or on disconnect().
     * While the server cannot be reached it keeps trying, with back-off.
     */
    handshake(props) {
        if (this._config.url === null) {
            return Promise.reject(new CometDError('configure({url}) before handshake()'));
        }
        if (this._state !== 'disconnected') {
            return this._handshakePromise;
        }
        this._handshakeProps = Object.assign({}, props);
        this._handshakePromise = new Promise((resolve, reject) => this._handshakeWaiters.push({resolve, reject}));
        this._epoch += 1;
        this._attempt = 0;
        this._broken.clear();
        this._connectedOnce = false;
        this._setState('connecting');
        this._negotiate();
        return this._handshakePromise;
    }

    /**
     * End the session: sends /meta/disconnect when connected, then closes the transport, rejects
     * what is still pending or queued, and forgets the subscriptions. Resolves with the reply, if any.
     */
    disconnect(props) {
        if (this._state === 'disconnected') {
            return Promise.resolve(undefined);
        }
        const transport = this._transport;
        const connected = this._canSend && transport !== null;
        this._canSend = false;
        this._disconnecting = true;
        this._epoch += 1;
        this._clearTimer();
        const message = Object.assign({}, props, {channel: DISCONNECT, clientId: this._clientId});
        const sent = connected ? this._request([message], transport, this._config.maxNetworkDelay)[0] : Promise.resolve(undefined);
        return sent.catch(noop).then((reply) => {
            this._shutdown(new CometDError('disconnected'));
            this._subscriptions.clear();
            this._serverSubscriptions.clear();
            this._history.retain(new Set());
            return reply;
        });
    }

    // -- subscriptions -----------------------------------------------------------------------

    /**
     * Subscribe a callback to a channel or wildcard. The returned handle's `ready` promise settles
     * with the server's reply. Subscriptions survive reconnects and new handshakes; subscribing the
     * same callback to the same channel again returns the same handle, so no message is delivered twice.
     * Options: `ext` for the /meta/subscribe; `recover: true` on a channel that keeps history on the
     * server, to receive after a new handshake what was published meanwhile (and never a message twice),
     * with `onRecovery({recovered, reason})` told, after each such handshake, whether that worked.
     */
    subscribe(channel, callback, options) {
        CometD._checkPattern(channel);
        if (channel.startsWith(META)) {
            throw new TypeError(`Cannot subscribe to ${channel}: use addListener for meta channels`);
        }
        if (typeof callback !== 'function') {
            throw new TypeError('callback must be a function');
        }
        let handles = this._subscriptions.get(channel);
        if (handles === undefined) {
            handles = new Set();
            this._subscriptions.set(channel, handles);
        }
        for (const existing of handles) {
            if (existing.callback === callback) {
                return existing;
            }
        }
        const handle = new Subscription(this, channel, callback, options && options.ext, options);
        handles.add(handle);
        handle.ready = this._whenSubscribed(channel);
        // Nobody has to await `ready`: a refusal is also reported to /meta/subscribe listeners.
        handle.ready.catch(noop);
        this._syncSubscriptions();
        return handle;
    }

    /** Remove a subscription; resolves once the server has been told, when this was the channel's last one. */
    unsubscribe(handle) {
        const handles = this._subscriptions.get(handle.channel);
        if (handles === undefined || !handles.delete(handle)) {
            return Promise.resolve();
        }
        handle.active = false;
        if (handles.size > 0) {
            return Promise.resolve();
        }
        this._subscriptions.delete(handle.channel);
        this._history.retain(new Set(this._subscriptions.keys()));
        return this._syncSubscriptions().get(handle.channel) || Promise.resolve();
    }

    /** The active subscriptions. */
    getSubscriptions() {
        const all = [];
        for (const handles of this._subscriptions.values()) {
            all.push(...handles);
        }
        return all;
    }

    // -- publish and remote calls ------------------------------------------------------------

    /**
     * Publish data on a channel. Resolves with the server's reply, rejects with a CometDError when
     * it is unsuccessful or cannot be delivered. While reconnecting, publishes wait in a queue of at
     * most `maxQueue` messages and are sent once connected again.
     */
    publish(channel, data, options) {
        CometD._checkChannel(channel);
        return this._submit(channel, data, options, 'publish');
    }

    /**
     * Call a service (`/service/<target>`): resolves with the reply carrying the service's answer in
     * `data`, matched by message id; rejects when the call fails or no answer comes within the timeout
     * (`options.timeout`, default maxNetworkDelay, counted from when the call is sent).
     */
    remoteCall(target, data, options) {
        let channel = target.startsWith('/') ? target : '/' + target;
        if (!channel.startsWith('/service/')) {
            channel = '/service' + channel;
        }
        CometD._checkChannel(channel);
        return this._submit(channel, data, options, 'call');
    }

    /** Group the messages sent until endBatch() into one request or frame. */
    startBatch() {
        this._batchDepth += 1;
    }

    endBatch() {
        if (this._batchDepth > 0) {
            this._batchDepth -= 1;
            if (this._batchDepth === 0) {
                this._flush();
            }
        }
    }

    /** Run fn (sync, or async returning a promise) with its messages sent together. */
    batch(fn) {
        this.startBatch();
        let result;
        try {
            result = fn();
        } catch (error) {
            this.endBatch();
            throw error;
        }
        if (result && typeof result.then === 'function') {
            return Promise.resolve(result).finally(() => this.endBatch());
        }
        this.endBatch();
        return result;
    }

    // -- internals: negotiation and the connect loop ----------------------------------------

    static _checkPattern(channel) {
        const segments = typeof channel === 'string' && channel.startsWith('/') ? channel.split('/').slice(1) : [''];
        const valid = segments.every((segment, index) => segment !== ''
            && (segment.indexOf('*') < 0 || (index === segments.length - 1 && (segment === '*' || segment === '**'))));
        if (!valid) {
            throw new TypeError(`Invalid channel: ${channel}`);
        }
    }

    static _checkChannel(channel) {
        CometD._checkPattern(channel);
        if (channel.endsWith('*')) {
            throw new TypeError(`Cannot publish to a wildcard channel: ${channel}`);
        }
        if (channel.startsWith(META)) {
            throw new TypeError(`Cannot publish to a meta channel: ${channel}`);
        }
    }

    _setState(state) {
        const previous = this._state;
        if (previous !== state) {
            this._state = state;
            this._log('debug', `state ${previous} -> ${state}`);
            this._emit('state', state, previous);
        }
    }

    _emit(event, value, previous) {
        for (const listener of [...this._events[event]]) {
            try {
                listener(value, previous);
            } catch (error) {
                this._log('warn', `${event} listener failed`, error);
            }
        }
    }

    _candidates() {
        return this.getTransportTypes().filter((name) => !this._broken.has(name));
    }

    _useTransport(name) {
        this._closeTransport(new CometDError(`${name} replaced the transport`));
        const Transport = this._registry.get(name);
        const client = this;
        let transport = null;
        const context = {
            get url() {
                return client._config.url;
            },
            get config() {
                return client._config;
            },
            get clientId() {
                return client._clientId;
            },
            receive(messages) {
                if (client._transport === transport) {
                    client._receive(messages);
                }
            },
            failed(error) {
                if (client._transport === transport) {
                    client._transportFailed(transport, error);
                }
            },
        };
        transport = new Transport(name, context);
        transport.name = name;
        this._transport = transport;
        return transport;
    }

    _closeTransport(error) {
        const transport = this._transport;
        if (transport === null) {
            return;
        }
        this._transport = null;
        // Whoever closes a transport deals with what it carried: its handlers are stale from now on.
        this._connecting = false;
        this._failPending((entry) => entry.transport === transport, error);
        try {
            transport.close();
        } catch (closeError) {
            this._log('debug', 'close failed', closeError);
        }
    }

    /** Open a transport, or fail within maxNetworkDelay. */
    _open(transport) {
        let timer;
        const timeout = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${transport.name} did not open within ${this._config.maxNetworkDelay} ms`)),
                this._config.maxNetworkDelay);
        });
        let opening;
        try {
            opening = Promise.resolve(transport.open());
        } catch (error) {
            opening = Promise.reject(error);
        }
        return Promise.race([opening, timeout]).finally(() => clearTimeout(timer));
    }

    /**
     * One step of a negotiation round: handshake over the first transport not yet failed; when it
     * fails, the next one at once; when all failed, a new round after a back-off.
     */
    _negotiate() {
        const epoch = this._epoch;
        this._clearTimer();
        this._closeTransport(new CometDError('new handshake'));
        this._clientId = null;
        this._canSend = false;
        this._connecting = false;
        this._serverSubscriptions.clear();
        const candidates = this._candidates();
        if (candidates.length === 0) {
            if (this.getTransportTypes().length === 0) {
                this._terminate(new CometDError(`No transport available here among ${this._config.transports.join(', ')}`));
                return;
            }
            this._log('info', 'every transport failed, next round after a back-off');
            this._broken.clear();
            this._retryLater(() => this._negotiate());
            return;
        }
        const name = candidates[0];
        const transport = this._useTransport(name);
        this._open(transport)
            .then(() => {
                if (this._isStale(epoch, transport)) {
                    return undefined;
                }
                const message = Object.assign({}, this._handshakeProps, {
                    channel: HANDSHAKE,
                    version: BAYEUX_VERSION,
                    minimumVersion: BAYEUX_VERSION,
                    supportedConnectionTypes: candidates,
                    advice: {timeout: 60000, interval: 0},
                });
                return this._request([message], transport, this._config.maxNetworkDelay)[0];
            })
            .then((reply) => {
                if (reply !== undefined && !this._isStale(epoch, transport)) {
                    this._onHandshakeReply(reply, candidates, epoch);
                }
            }, (error) => {
                if (!this._isStale(epoch, transport)) {
                    this._log('info', `${name} failed to handshake: ${error.message}`);
                    this._broken.add(name);
                    this._negotiate();
                }
            });
    }

    _isStale(epoch, transport) {
        return epoch !== this._epoch || (transport !== undefined && transport !== this._transport);
    }

    _onHandshakeReply(reply, candidates, epoch) {
        this._updateAdvice(reply.advice);
        if (!reply.successful) {
            if (this._advice.reconnect === 'none') {
                this._terminate(new CometDError(`Handshake refused: ${reply.error}`, reply));
            } else {
                this._retryLater(() => this._negotiate());
            }
            return;
        }
        this._clientId = reply.clientId;
        const offered = Array.isArray(reply.supportedConnectionTypes) ? reply.supportedConnectionTypes : [this._transport.name];
        this._usable = candidates.filter((name) => offered.includes(name));
        if (this._usable.length === 0) {
            this._terminate(new CometDError(`No transport in common: the server has ${offered.join(', ')}`, reply));
            return;
        }
        const waiters = this._handshakeWaiters;
        this._handshakeWaiters = [];
        waiters.forEach((waiter) => waiter.resolve(reply));
        this._canSend = true;
        if (this._transport.name === this._usable[0]) {
            this._startSession();
            this._connect();
        } else {
            this._switchTransport(epoch);
        }
    }

    /** After a handshake: restore the subscriptions and send what waited, in one batch. */
    _startSession() {
        this.startBatch();
        try {
            this._syncSubscriptions();
            this._releaseWaiting();
        } finally {
            this.endBatch();
        }
    }

    /** Keep the session, move to the next usable transport that has not failed. */
    _switchTransport(epoch) {
        const next = this._usable.find((name) => !this._broken.has(name));
        if (next === undefined) {
            this._negotiate();
            return;
        }
        const transport = this._useTransport(next);
        this._open(transport).then(() => {
            if (!this._isStale(epoch, transport)) {
                this._startSession();
                this._connect();
            }
        }, (error) => {
            if (!this._isStale(epoch, transport)) {
                this._log('info', `${next} failed to open: ${error.message}`);
                this._broken.add(next);
                this._switchTransport(epoch);
            }
        });
    }

    _connect() {
        const transport = this._transport;
        if (transport === null || this._connecting || this._clientId === null) {
            return;
        }
        const epoch = this._epoch;
        const proven = this._proven.has(transport.name) && this._state === 'connected';
        const message = {channel: CONNECT, clientId: this._clientId, connectionType: transport.name};
        if (!proven) {
            // The first connect of a transport is answered at once: it proves the transport works.
            message.advice = {timeout: 0};
        }
        const timeout = (proven ? Number(this._advice.timeout) || 0 : 0) + this._config.maxNetworkDelay;
        this._connecting = true;
        this._request([message], transport, timeout)[0].then((reply) => {
            if (!this._isStale(epoch, transport)) {
                this._connecting = false;
                this._onConnectReply(reply, transport);
            }
        }, (error) => {
            if (!this._isStale(epoch, transport)) {
                this._connecting = false;
                this._onConnectFailure(error, transport);
            }
        });
    }

    _onConnectReply(reply, transport) {
        this._updateAdvice(reply.advice);
        if (reply.successful) {
            this._attempt = 0;
            this._proven.add(transport.name);
            const wasConnected = this._state === 'connected';
            this._connectedOnce = true;
            this._canSend = true;
            this._setState('connected');
            if (this._transportInUse !== transport.name) {
                const previous = this._transportInUse;
                this._transportInUse = transport.name;
                this._emit('transport', transport.name, previous);
            }
            if (!wasConnected) {
                this._startSession();
            }
            this._schedule(() => this._connect(), Number(this._advice.interval) || 0);
            return;
        }
        const advice = Object.assign({}, this._advice, reply.advice);
        if (advice.reconnect === 'handshake') {
            this._rehandshake(Number(advice.interval) || 0);
        } else if (advice.reconnect === 'none') {
            this._terminate(new CometDError(`The server ended the session: ${reply.error}`, reply));
        } else {
            this._connectionLost(new CometDError(`Connect failed: ${reply.error}`, reply), transport, false);
        }
    }

    _onConnectFailure(error, transport) {
        this._log('info', `${transport.name} connect failed: ${error.message}`);
        this._connectionLost(error, transport, true);
    }

    /** A broken connection (failedTransport) or an unsuccessful connect: fall back, or reconnect after a back-off. */
    _connectionLost(error, transport, failedTransport) {
        this._canSend = false;
        this._closeTransport(error);
        this._setState(this._connectedOnce ? 'reconnecting' : 'connecting');
        if (failedTransport && !this._proven.has(transport.name)) {
            // Never carried a connect: a blocked or silent transport. Try the next one, same session.
            this._broken.add(transport.name);
            this._switchTransport(this._epoch);
            return;
        }
        if (this._attempt > 0 && this._attempt % this._config.renegotiateAfter === 0) {
            this._log('info', `${transport.name} failed ${this._attempt} times in a row: negotiating again`);
            this._epoch += 1;
            this._broken.clear();
            this._retryLater(() => this._negotiate());
            return;
        }
        const epoch = this._epoch;
        const name = transport.name;
        this._retryLater(() => {
            const next = this._useTransport(name);
            this._open(next).then(() => {
                if (!this._isStale(epoch, next)) {
                    this._connect();
                }
            }, (openError) => {
                if (!this._isStale(epoch, next)) {
                    this._log('info', `${name} failed to open again: ${openError.message}`);
                    this._connectionLost(openError, next, true);
                }
            });
        });
    }

    /** A connection broke (a socket or stream ended): closing it makes its handlers stale, so act here. */
    _transportFailed(transport, error) {
        this._log('info', `${transport.name} failed: ${error.message}`);
        if (this._disconnecting || this._state === 'disconnected') {
            this._closeTransport(error);
        } else if (this._clientId === null) {
            this._closeTransport(error);
            this._broken.add(transport.name);
            this._negotiate();
        } else {
            this._connectionLost(error, transport, true);
        }
    }

    /**
     * The session is unknown to the server: handshake again (after the advised interval). The server
     * answered, so the transports that failed earlier get a new chance, the preferred one first.
     */
    _rehandshake(interval) {
        this._canSend = false;
        this._epoch += 1;
        this._broken.clear();
        this._setState(this._connectedOnce ? 'reconnecting' : 'connecting');
        this._schedule(() => this._negotiate(), interval);
    }

    _terminate(error) {
        this._epoch += 1;
        this._shutdown(error);
    }

    _shutdown(error) {
        this._disconnecting = false;
        this._clearTimer();
        this._closeTransport(error);
        this._clientId = null;
        this._canSend = false;
        this._connecting = false;
        this._failPending(() => true, error);
        const waiting = this._waiting.concat(this._outbox);
        this._waiting = [];
        this._outbox = [];
        waiting.forEach((item) => item.reject(error));
        const waiters = this._handshakeWaiters;
        this._handshakeWaiters = [];
        waiters.forEach((waiter) => waiter.reject(error));
        for (const channel of [...this._subscribeWaiters.keys()]) {
            this._settleSubscribeWaiters(channel, null, error);
        }
        this._setState('disconnected');
    }

    _updateAdvice(advice) {
        if (advice !== null && typeof advice === 'object') {
            this._advice = Object.assign({}, this._advice, advice);
        }
    }

    _schedule(fn, delay) {
        this._clearTimer();
        const epoch = this._epoch;
        this._timer = setTimeout(() => {
            this._timer = null;
            if (epoch === this._epoch) {
                fn();
            }
        }, delay);
    }

    _retryLater(fn) {
        this._attempt += 1;
        const delay = Math.max(Number(this._advice.interval) || 0, backoffDelay(this._attempt, this._config));
        this._log('debug', `attempt ${this._attempt} in ${delay} ms`);
        this._schedule(fn, delay);
    }

    _clearTimer() {
        if (this._timer !== null) {
            clearTimeout(this._timer);
            this._timer = null;
        }
    }

    // -- internals: requests and replies ----------------------------------------------------

    /**
     * Send messages now over a transport. Each returned promise resolves with its reply (successful
     * or not) and rejects when the transport fails or no reply comes within the timeout.
     */
    _request(messages, transport, timeouts, kinds) {
        const promises = [];
        const outgoing = [];
        messages.forEach((message, index) => {
            if (message.id === undefined) {
                this._nextId += 1;
                message.id = String(this._nextId);
            }
            const sent = this._applyExtensions('outgoing', message);
            if (sent === null) {
                promises.push(Promise.reject(new CometDError(`An extension dropped the message to ${message.channel}`)));
                return;
            }
            const kind = kinds ? kinds[index] : 'meta';
            const timeout = Array.isArray(timeouts) ? timeouts[index] : timeouts;
            promises.push(new Promise((resolve, reject) => {
                const entry = {message, kind, transport, resolve, reject, timer: null};
                entry.timer = setTimeout(() => {
                    this._pending.delete(message.id);
                    reject(new CometDError(`No reply to ${message.channel} within ${timeout} ms`));
                }, timeout);
                this._pending.set(message.id, entry);
            }));
            outgoing.push(sent);
        });
        if (outgoing.length > 0) {
            let sending;
            try {
                sending = Promise.resolve(transport.send(outgoing));
            } catch (error) {
                sending = Promise.reject(error);
            }
            const ids = new Set(outgoing.map((message) => message.id));
            sending.catch((error) => {
                this._failPending((entry) => ids.has(entry.message.id) && entry.transport === transport,
                    error instanceof CometDError ? error : new CometDError(`${transport.name}: ${error.message}`));
            });
        }
        return promises;
    }

    _failPending(predicate, error) {
        for (const [id, entry] of [...this._pending]) {
            if (predicate(entry)) {
                this._pending.delete(id);
                clearTimeout(entry.timer);
                entry.reject(error);
            }
        }
    }

    _applyExtensions(direction, message) {
        let current = message;
        for (const extension of [...this._builtInExtensions, ...this._extensions.values()]) {
            if (typeof extension[direction] === 'function') {
                try {
                    current = extension[direction](current);
                } catch (error) {
                    this._log('warn', `extension ${direction} failed`, error);
                }
                if (current === null || current === undefined || current === false) {
                    return null;
                }
            }
        }
        return current;
    }

    _receive(messages) {
        for (const received of messages) {
            const message = this._applyExtensions('incoming', received);
            if (message === null || typeof message.channel !== 'string') {
                if (message !== null) {
                    this._log('warn', 'message without channel', message);
                }
                continue;
            }
            const entry = this._pendingFor(message);
            if (entry !== undefined) {
                this._pending.delete(entry.message.id);
                clearTimeout(entry.timer);
                entry.resolve(message);
            }
            if (isSessionUnknown(message) && this._canSend && message.channel !== CONNECT && message.channel !== HANDSHAKE
                && message.advice && message.advice.reconnect === 'handshake') {
                this._rehandshake(Number(message.advice.interval) || 0);
            }
            if (entry !== undefined && entry.kind === 'call') {
                continue;
            }
            if (message.channel.startsWith(META)) {
                this._notifyListeners(message);
            } else if (message.data !== undefined) {
                this._deliver(message);
            }
        }
    }

    /** The request this message answers: same id and channel; a publish reply has no data, a service answer has. */
    _pendingFor(message) {
        let entry = message.id === undefined || message.id === null ? undefined : this._pending.get(String(message.id));
        if (entry === undefined && message.channel.startsWith(META)) {
            // A server that does not echo ids: meta replies come in request order.
            entry = [...this._pending.values()].find((candidate) => candidate.message.channel === message.channel);
        }
        if (entry === undefined || entry.message.channel !== message.channel) {
            return undefined;
        }
        if (entry.kind === 'meta' || message.successful === false) {
            return entry;
        }
        const hasData = message.data !== undefined;
        return (entry.kind === 'call') === hasData ? entry : undefined;
    }

    _deliver(message) {
        for (const [pattern, handles] of this._subscriptions) {
            if (channelMatches(pattern, message.channel)) {
                for (const handle of [...handles]) {
                    if (handle.active) {
                        this._invoke(handle.callback, message);
                    }
                }
            }
        }
        this._notifyListeners(message);
    }

    _notifyListeners(message) {
        for (const [pattern, handles] of this._listeners) {
            if (channelMatches(pattern, message.channel)) {
                for (const handle of [...handles]) {
                    this._invoke(handle.callback, message);
                }
            }
        }
    }

    _invoke(callback, message) {
        try {
            callback(message);
        } catch (error) {
            this._log('warn', `callback for ${message.channel} failed`, error);
        }
    }

    // -- internals: outgoing queue ----------------------------------------------------------

    _submit(channel, data, options, kind) {
        if (this._state === 'disconnected') {
            return Promise.reject(new CometDError(`Not connected: handshake() before sending to ${channel}`));
        }
        const message = {channel, data};
        if (options && options.ext !== undefined) {
            message.ext = options.ext;
        }
        const timeout = options && options.timeout !== undefined ? options.timeout : this._config.maxNetworkDelay;
        return new Promise((resolve, reject) => {
            this._nextId += 1;
            message.id = String(this._nextId);
            this._enqueue({message, kind, timeout, resolve, reject, seq: this._nextId});
        });
    }

    /** Send soon when the client can send, else wait in the bounded queue (publishes and calls). */
    _enqueue(item) {
        if (this._canSend) {
            this._outbox.push(item);
            this._scheduleFlush();
        } else if (item.kind === 'meta') {
            item.reject(new CometDError('Not connected'));
        } else if (this._waiting.length >= this._config.maxQueue) {
            item.reject(new CometDError(`Publish queue full (${this._config.maxQueue} messages wait for the connection)`));
        } else {
            this._waiting.push(item);
        }
    }

    /** Requeue a publish the server did not process (its session was unknown), in its original order. */
    _requeue(item) {
        if (this._canSend) {
            this._enqueue(item);
            return;
        }
        let index = this._waiting.length;
        while (index > 0 && this._waiting[index - 1].seq > item.seq) {
            index -= 1;
        }
        if (this._waiting.length >= this._config.maxQueue) {
            item.reject(new CometDError(`Publish queue full (${this._config.maxQueue} messages wait for the connection)`));
        } else {
            this._waiting.splice(index, 0, item);
        }
    }

    _releaseWaiting() {
        const waiting = this._waiting;
        this._waiting = [];
        waiting.forEach((item) => this._enqueue(item));
    }

    _scheduleFlush() {
        if (!this._flushScheduled) {
            this._flushScheduled = true;
            queueMicrotask(() => {
                this._flushScheduled = false;
                if (this._batchDepth === 0) {
                    this._flush();
                }
            });
        }
    }

    _flush() {
        const items = this._outbox;
        if (items.length === 0 || this._batchDepth > 0) {
            return;
        }
        this._outbox = [];
        const transport = this._transport;
        if (!this._canSend || transport === null) {
            items.forEach((item) => this._enqueue(item));
            return;
        }
        items.forEach((item) => {
            // Set here, not when queued: a new handshake may have changed the session meanwhile.
            item.message.clientId = this._clientId;
        });
        const timeouts = items.map((item) => item.timeout || this._config.maxNetworkDelay);
        const promises = this._request(items.map((item) => item.message), transport, timeouts,
            items.map((item) => item.kind));
        items.forEach((item, index) => {
            promises[index].then((reply) => {
                if (reply.successful !== false) {
                    item.resolve(reply);
                } else if (item.kind !== 'meta' && isSessionUnknown(reply) && (item.requeued || 0) < 3) {
                    // Not processed: the session was gone. Sent again after the new handshake.
                    item.requeued = (item.requeued || 0) + 1;
                    this._requeue(item);
                } else {
                    item.reject(new CometDError(`${item.message.channel}: ${reply.error || 'unsuccessful'}`, reply));
                }
            }, item.reject);
        });
    }

    // -- internals: subscriptions -----------------------------------------------------------

    _whenSubscribed(channel) {
        const record = this._serverSubscriptions.get(channel);
        if (record !== undefined && record.state === 'subscribed') {
            return Promise.resolve(record.reply);
        }
        return new Promise((resolve, reject) => {
            let waiters = this._subscribeWaiters.get(channel);
            if (waiters === undefined) {
                waiters = [];
                this._subscribeWaiters.set(channel, waiters);
            }
            waiters.push({resolve, reject});
        });
    }

    _settleSubscribeWaiters(channel, reply, error) {
        const waiters = this._subscribeWaiters.get(channel) || [];
        this._subscribeWaiters.delete(channel);
        waiters.forEach((waiter) => (error ? waiter.reject(error) : waiter.resolve(reply)));
    }

    /**
     * Bring the server's subscriptions in line with the local ones: one /meta/subscribe per channel
     * that has callbacks and is not subscribed, one /meta/unsubscribe per channel that has none left.
     * Every path that could subscribe goes through here, so the server never holds a channel twice
     * for us. Returns the unsubscribe promises by channel.
     */
    _syncSubscriptions() {
        const unsubscribing = new Map();
        if (!this._canSend) {
            return unsubscribing;
        }
        for (const [channel, handles] of this._subscriptions) {
            const current = this._serverSubscriptions.get(channel);
            if (current !== undefined && current.state !== 'unsubscribing') {
                continue;
            }
            const record = {state: 'subscribing', reply: null};
            this._serverSubscriptions.set(channel, record);
            const first = handles.values().next().value;
            const message = {channel: SUBSCRIBE, subscription: channel};
            if (first && first.ext !== undefined) {
                message.ext = first.ext;
            }
            this._sendMeta(message).then((reply) => this._onSubscribeReply(channel, record, reply),
                (error) => this._onSubscribeFailure(channel, record, error));
        }
        for (const [channel, current] of this._serverSubscriptions) {
            if (this._subscriptions.has(channel) || current.state === 'unsubscribing') {
                continue;
            }
            const record = {state: 'unsubscribing', reply: null};
            this._serverSubscriptions.set(channel, record);
            const message = {channel: UNSUBSCRIBE, subscription: channel};
            const done = this._sendMeta(message).then((reply) => {
                if (this._serverSubscriptions.get(channel) === record) {
                    this._serverSubscriptions.delete(channel);
                    this._syncSubscriptions();
                }
                if (!reply.successful) {
                    throw new CometDError(`Unsubscribe from ${channel}: ${reply.error}`, reply);
                }
            }, (error) => {
                if (this._serverSubscriptions.get(channel) === record) {
                    this._serverSubscriptions.delete(channel);
                }
                throw error;
            });
            unsubscribing.set(channel, done);
        }
        return unsubscribing;
    }

    _sendMeta(message) {
        return new Promise((resolve, reject) => {
            this._enqueue({message, kind: 'meta', timeout: this._config.maxNetworkDelay, resolve, reject, seq: 0});
        }).then((reply) => reply, (error) => {
            if (error.reply) {
                return error.reply;
            }
            throw error;
        });
    }

    _onSubscribeReply(channel, record, reply) {
        if (this._serverSubscriptions.get(channel) !== record) {
            return;
        }
        if (reply.successful) {
            record.state = 'subscribed';
            record.reply = reply;
            this._settleSubscribeWaiters(channel, reply, null);
            this._syncSubscriptions();
            return;
        }
        this._serverSubscriptions.delete(channel);
        if (isSessionUnknown(reply)) {
            return; // the new handshake subscribes again
        }
        // Refused: the subscriptions of that channel are gone.
        const handles = this._subscriptions.get(channel) || new Set();
        handles.forEach((handle) => {
            handle.active = false;
        });
        this._subscriptions.delete(channel);
        this._settleSubscribeWaiters(channel, null, new CometDError(`Subscribe to ${channel}: ${reply.error}`, reply));
    }

    _onSubscribeFailure(channel, record, error) {
        // Not delivered: keep the subscriptions, they are sent again once connected.
        if (this._serverSubscriptions.get(channel) === record) {
            this._serverSubscriptions.delete(channel);
        }
        this._log('debug', `subscribe to ${channel} not delivered: ${error.message}`);
    }

    _log(level, ...args) {
        const threshold = LOG_LEVELS[this._config.logLevel] === undefined ? LOG_LEVELS.warn : LOG_LEVELS[this._config.logLevel];
        if (LOG_LEVELS[level] <= threshold && typeof console !== 'undefined') {
            const method = level === 'debug' ? 'debug' : level;
            console[method]('[CometD]', ...args);
        }
    }
}

/** The transports tried by default, in order. */
CometD.DEFAULT_TRANSPORTS = DEFAULT_TRANSPORTS;
CometD.CometDError = CometDError;
CometD.channelMatches = channelMatches;
CometD.backoffDelay = backoffDelay;

export {CometD, CometDError, CometD as default};
