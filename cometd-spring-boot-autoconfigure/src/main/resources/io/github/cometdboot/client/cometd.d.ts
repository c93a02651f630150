// TypeScript declarations of cometd-spring-boot's browser client: the ES module (/cometd.mjs) and
// the classic script (/cometd.js), which defines the same class as window.CometD.

/** A connection type, as advertised in the handshake. */
export type TransportType = 'websocket' | 'eventsource' | 'long-polling' | 'forever-frame' | 'multipart'
    | 'callback-polling' | (string & {});

export type State = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug';

export interface Advice {
    reconnect?: 'retry' | 'handshake' | 'none';
    interval?: number;
    timeout?: number;
    maxInterval?: number;
    'multiple-clients'?: boolean;
    [key: string]: unknown;
}

/** A Bayeux message, as sent and received. */
export interface Message {
    channel: string;
    id?: string;
    clientId?: string;
    data?: any;
    successful?: boolean;
    error?: string;
    advice?: Advice;
    ext?: Record<string, any>;
    subscription?: string | string[];
    connectionType?: string;
    supportedConnectionTypes?: string[];
    version?: string;
    minimumVersion?: string;
    [key: string]: unknown;
}

export interface Configuration {
    /** The Bayeux endpoint; a relative URL is resolved against the page. */
    url: string;
    /** Transports to try, in order. Default: websocket, eventsource, long-polling, forever-frame, multipart, callback-polling. */
    transports?: readonly TransportType[];
    /** Longest wait for a reply (a held connect: the server's timeout plus this), and for a transport to open. Default 10000 ms. */
    maxNetworkDelay?: number;
    /** First reconnect delay; each further attempt doubles it. Default 1000 ms. */
    backoffIncrement?: number;
    /** Longest reconnect delay. Default 60000 ms. */
    maxBackoff?: number;
    /** Share (0 to 1) by which each delay is lowered at random. Default 0.5. */
    backoffJitter?: number;
    /** Failed reconnects of the transport in use before the whole list is negotiated again. Default 5. */
    renegotiateAfter?: number;
    /** Publishes and remote calls that may wait while reconnecting. Default 100. */
    maxQueue?: number;
    /** Headers of HTTP requests (long-polling, and the streaming transports' POSTs and multipart stream). */
    requestHeaders?: Record<string, string>;
    /** fetch credentials mode, 'include' for cookies across origins. Default 'same-origin'. */
    credentials?: 'omit' | 'same-origin' | 'include';
    /** Longest callback-polling URL; longer batches are split. Default 2000. */
    maxURILength?: number;
    /** Console logging. Default 'warn'. */
    logLevel?: LogLevel;
    /**
     * Acknowledged delivery (CometD's ack extension): when the server offers it, messages a lost
     * connect reply carried are sent again, once, in order. Default true.
     */
    ack?: boolean;
}

export interface Subscription {
    readonly channel: string;
    readonly callback: (message: Message) => void;
    /** False once unsubscribed, or refused by the server. */
    readonly active: boolean;
    /** Settles with the server's reply to the subscription. */
    readonly ready: Promise<Message>;
    unsubscribe(): Promise<void>;
}

export interface ListenerHandle {
    readonly channel: string;
}

export interface PublishOptions {
    ext?: Record<string, any>;
}

/** How a recovery from channel history went, after a new handshake. */
export interface RecoveryResult {
    /** True when every message published meanwhile was (or is being) delivered. */
    recovered: boolean;
    /** Why not: epoch_changed, too_old, unknown_offset, not_kept or unavailable. */
    reason?: string;
}

export interface SubscribeOptions extends PublishOptions {
    /** On a channel that keeps history: after a new handshake, receive what was missed, never twice. */
    recover?: boolean;
    /** Told after each new handshake of a recovering subscription whether the recovery worked. */
    onRecovery?: (result: RecoveryResult) => void;
}

export interface RemoteCallOptions extends PublishOptions {
    /** Milliseconds from sending to the answer. Default maxNetworkDelay. */
    timeout?: number;
}

export interface Extension {
    outgoing?(message: Message): Message | null;
    incoming?(message: Message): Message | null;
    registered?(name: string, cometd: CometD): void;
    unregistered?(): void;
}

/** What a transport's context offers it. */
export interface TransportContext {
    readonly url: string;
    readonly config: Readonly<Required<Configuration>>;
    readonly clientId: string | null;
    /** Hand over everything the server sent: replies and deliveries. */
    receive(messages: Message[]): void;
    /** The connection broke. */
    failed(error: Error): void;
}

export interface Transport {
    readonly name: string;
    open(): Promise<void>;
    send(messages: Message[]): Promise<void>;
    close(): void;
}

export interface TransportClass {
    new(name: string, context: TransportContext): Transport;
    available(config: Readonly<Required<Configuration>>): boolean;
}

export class CometDError extends Error {
    /** The server's reply, when there was one. */
    readonly reply?: Message;
    /** The numeric Bayeux error code (402, 403 ...), when the server sent one. */
    readonly code?: number;
}

export class CometD {
    static readonly DEFAULT_TRANSPORTS: readonly TransportType[];
    static readonly CometDError: typeof CometDError;
    static channelMatches(pattern: string, channel: string): boolean;
    static backoffDelay(attempt: number, config: {backoffIncrement: number; maxBackoff: number; backoffJitter: number},
        random?: () => number): number;

    constructor(config?: Configuration | string);

    configure(config: Partial<Configuration> | string): this;
    getConfiguration(): Required<Configuration>;

    registerTransport(name: string, transport: TransportClass): void;
    unregisterTransport(name: string): boolean;
    /** The configured transports this environment can run, in order. */
    getTransportTypes(): string[];

    registerExtension(name: string, extension: Extension): boolean;
    unregisterExtension(name: string): boolean;

    getState(): State;
    /** The transport in use, null before the first connect. */
    getTransport(): string | null;
    getClientId(): string | null;
    getAdvice(): Advice;

    on(event: 'state', listener: (state: State, previous: State) => void): () => void;
    on(event: 'transport', listener: (transport: string, previous: string | null) => void): () => void;

    addListener(channel: string, callback: (message: Message) => void): ListenerHandle;
    removeListener(handle: ListenerHandle): void;

    handshake(props?: Partial<Message>): Promise<Message>;
    disconnect(props?: Partial<Message>): Promise<Message | undefined>;

    subscribe(channel: string, callback: (message: Message) => void, options?: SubscribeOptions): Subscription;
    unsubscribe(subscription: Subscription): Promise<void>;
    getSubscriptions(): Subscription[];

    publish(channel: string, data: any, options?: PublishOptions): Promise<Message>;
    remoteCall(target: string, data: any, options?: RemoteCallOptions): Promise<Message>;

    startBatch(): void;
    endBatch(): void;
    batch<T>(fn: () => T): T;
}

export default CometD;

declare global {
    interface Window {
        /** Defined by the classic script, /cometd.js. */
        CometD: typeof CometD;
    }
}
