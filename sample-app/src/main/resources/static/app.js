// The sample app's demo page: the starter's own client (/cometd.mjs) against the app's services.
//   /rooms/<room>          chat lines {user, text}, moderated by the server (403:<reason>:publish_denied)
//   chat/history           remote call {room} -> the last lines
//   presence/join, /leave  remote calls; /presence/<room> pushes {type, name, members}
//   /typing/<room>         {name, typing}, published by the pages themselves
//   private                remote call {to, text} -> pages reached; /private pushes {user, text}
//   /ticker/*              {symbol, price, sentAt} every 500 ms
// URL parameters: transport (one of the six), room, name (joins at once). window.demo is the page's
// state, for the browser tests.

import CometD from '/cometd.mjs';

const TRANSPORTS = ['websocket', 'eventsource', 'long-polling', 'forever-frame', 'multipart', 'callback-polling'];
const TYPING_SEND_EVERY_MS = 2000;
const TYPING_IDLE_MS = 3000;
const TYPING_EXPIRES_MS = 5000;
const REASONS = {
    no_shouting: 'no shouting, please (that was all capitals)',
    empty: 'the message is empty',
    too_long: 'the message is too long (500 characters at most)',
    join_first: 'join a room first',
};

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

const demo = window.demo = {
    client: null,
    transport: null,
    state: 'disconnected',
    name: null,
    room: null,
    joined: false,
    members: [],
    joinedClientId: null,
};

let roomSubscriptions = [];
let typingTimer = null;
let lastTypingSent = 0;
const typers = new Map();
const ages = [];

// ---- connection ---------------------------------------------------------------------------

function chosenTransport() {
    const value = params.get('transport');
    return TRANSPORTS.includes(value) ? value : '';
}

function connect() {
    const transport = chosenTransport();
    $('transport-select').value = transport;
    const client = new CometD({url: '/cometd', ...(transport ? {transports: [transport]} : {}), logLevel: 'warn'});
    demo.client = client;
    client.on('state', (state) => {
        if (client !== demo.client) {
            return;
        }
        demo.state = state;
        $('state').textContent = state;
        $('state-dot').dataset.state = state;
        // A new session (first handshake, or again after the server forgot us): join again.
        if (state === 'connected' && demo.name && client.getClientId() !== demo.joinedClientId) {
            join().catch(showJoinError);
        }
    });
    client.on('transport', (name) => {
        if (client === demo.client) {
            demo.transport = name;
            $('transport').textContent = name;
        }
    });
    client.subscribe('/ticker/*', onTick);
    client.subscribe('/private', onPrivate);
    client.handshake().catch((error) => {
        $('state').textContent = `failed: ${error.message}`;
    });
}

async function switchTransport(transport) {
    if (transport) {
        params.set('transport', transport);
    } else {
        params.delete('transport');
    }
    history.replaceState(null, '', `${location.pathname}?${params}`);
    const old = demo.client;
    demo.client = null;
    demo.joinedClientId = null;
    demo.joined = false;
    roomSubscriptions = [];
    $('transport').textContent = '…';
    await old.disconnect().catch(() => undefined);
    connect();
}

// ---- rooms, presence and history -----------------------------------------------------------

function cleanRoom(value) {
    return (value || 'lobby').trim().toLowerCase().replace(/[^a-z0-9_-]/g, '') || 'lobby';
}

async function join() {
    const client = demo.client;
    const room = demo.room;
    const name = demo.name;
    demo.joinedClientId = client.getClientId();
    const channels = [`/rooms/${room}`, `/presence/${room}`, `/typing/${room}`];
    for (const subscription of roomSubscriptions) {
        if (!channels.includes(subscription.channel)) {
            subscription.unsubscribe().catch(() => undefined);
        }
    }
    const chat = client.subscribe(`/rooms/${room}`, onChat);
    const presence = client.subscribe(`/presence/${room}`, onPresence);
    const typing = client.subscribe(`/typing/${room}`, onTyping);
    roomSubscriptions = [chat, presence, typing];
    await Promise.all(roomSubscriptions.map((subscription) => subscription.ready));
    const history = await client.remoteCall('chat/history', {room});
    $('messages').replaceChildren();
    for (const line of history.data || []) {
        addLine(line, 'history');
    }
    const reply = await client.remoteCall('presence/join', {room, name});
    showMembers(reply.data || []);
    $('room-title').textContent = room;
    $('message').disabled = false;
    $('send').disabled = false;
    $('message').placeholder = `Message #${room} as ${name}`;
    demo.joined = true;
}

async function onJoinSubmit(event) {
    event.preventDefault();
    const name = $('name').value.trim();
    if (!name) {
        return;
    }
    const room = cleanRoom($('room').value);
    $('room').value = room;
    if (demo.joined && demo.room !== room) {
        await demo.client.remoteCall('presence/leave', {room: demo.room}).catch(() => undefined);
    }
    demo.joined = false;
    demo.name = name;
    demo.room = room;
    params.set('name', name);
    params.set('room', room);
    history.replaceState(null, '', `${location.pathname}?${params}`);
    if (demo.state === 'connected') {
        await join().catch(showJoinError);
    }
    $('message').focus();
}

function showJoinError(error) {
    $('compose-status').textContent = `Could not join: ${error.message}`;
}

function onPresence(message) {
    const {type, name, members} = message.data;
    showMembers(members);
    if (name !== demo.name || type === 'leave') {
        addSystem(`${name} ${type === 'join' ? 'joined' : 'left'}`);
    }
    if (type === 'leave') {
        typers.delete(name);
        showTypers();
    }
}

function showMembers(members) {
    demo.members = [...members];
    $('members').replaceChildren(...members.map((member) => {
        const item = document.createElement('li');
        item.textContent = member;
        if (member === demo.name) {
            item.classList.add('me');
            item.append(Object.assign(document.createElement('span'), {className: 'muted', textContent: ' (you)'}));
        }
        return item;
    }));
    $('member-count').textContent = String(members.length);
    $('member-names').replaceChildren(...members.filter((member) => member !== demo.name)
        .map((member) => Object.assign(document.createElement('option'), {value: member})));
}

// ---- chat, moderation and typing -----------------------------------------------------------

function onChat(message) {
    addLine(message.data, 'live');
    typers.delete(message.data.user);
    showTypers();
}

/** A log line: who, in bold, then what they said; text only, never HTML. */
function lineElement(who, text, className) {
    const item = document.createElement('div');
    item.className = className;
    const label = document.createElement('strong');
    label.textContent = who;
    const what = document.createElement('span');
    what.textContent = text;
    item.append(label, ' ', what);
    return item;
}

function addLine({user, text}, kind) {
    append($('messages'), lineElement(user, text, `line ${kind}${user === demo.name ? ' mine' : ''}`));
}

function addSystem(text) {
    const item = document.createElement('div');
    item.className = 'line system';
    item.textContent = text;
    append($('messages'), item);
}

function append(list, item) {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(item);
    while (list.children.length > 200) {
        list.firstElementChild.remove();
    }
    if (atBottom) {
        list.scrollTop = list.scrollHeight;
    }
}

async function onComposeSubmit(event) {
    event.preventDefault();
    const input = $('message');
    const text = input.value;
    if (!demo.joined) {
        return;
    }
    $('compose-status').textContent = '';
    sendTyping(false);
    try {
        await demo.client.publish(`/rooms/${demo.room}`, {user: demo.name, text});
        input.value = '';
    } catch (error) {
        // 403:<reason>:publish_denied: the text stays, for the sender to fix.
        const reason = reasonOf(error);
        $('compose-status').textContent = `Not sent: ${REASONS[reason] || reason}`;
        $('compose-status').dataset.reason = reason;
    }
}

function reasonOf(error) {
    const code = error?.reply?.error || error?.message || 'unknown';
    const parts = String(code).split(':');
    return parts.length >= 3 ? parts[1] : String(code);
}

function onInput() {
    if (!demo.joined) {
        return;
    }
    $('compose-status').textContent = '';
    if ($('message').value === '') {
        sendTyping(false);
        return;
    }
    if (Date.now() - lastTypingSent > TYPING_SEND_EVERY_MS) {
        sendTyping(true);
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => sendTyping(false), TYPING_IDLE_MS);
}

function sendTyping(typing) {
    clearTimeout(typingTimer);
    if (!demo.joined || (!typing && lastTypingSent === 0)) {
        return;
    }
    lastTypingSent = typing ? Date.now() : 0;
    demo.client.publish(`/typing/${demo.room}`, {name: demo.name, typing}).catch(() => undefined);
}

function onTyping(message) {
    const {name, typing} = message.data || {};
    if (!name || name === demo.name) {
        return;
    }
    if (typing) {
        typers.set(name, Date.now());
    } else {
        typers.delete(name);
    }
    showTypers();
}

function showTypers() {
    const now = Date.now();
    for (const [name, since] of typers) {
        if (now - since > TYPING_EXPIRES_MS) {
            typers.delete(name);
        }
    }
    const names = [...typers.keys()];
    const text = names.length === 0 ? '' : names.length === 1 ? `${names[0]} is typing…`
        : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`;
    if ($('typing').textContent !== text) {
        $('typing').textContent = text;
    }
}

// ---- private messages ----------------------------------------------------------------------

async function onPrivateSubmit(event) {
    event.preventDefault();
    const to = $('private-to').value.trim();
    const text = $('private-text').value.trim();
    if (!to || !text) {
        return;
    }
    try {
        const reply = await demo.client.remoteCall('private', {to, text});
        const pages = reply.data;
        $('private-status').textContent = pages === 0 ? `${to} is not here` : `Sent to ${to} (${pages} page${pages === 1 ? '' : 's'})`;
        if (pages > 0) {
            $('private-text').value = '';
            addPrivate(`to ${to}`, text, 'sent');
        }
    } catch (error) {
        const reason = reasonOf(error);
        $('private-status').textContent = `Not sent: ${REASONS[reason] || reason}`;
    }
}

function onPrivate(message) {
    const {user, text} = message.data;
    addPrivate(`from ${user}`, text, 'received');
}

function addPrivate(who, text, kind) {
    append($('private-log'), lineElement(who, text, `line ${kind}`));
}

// ---- ticker --------------------------------------------------------------------------------

const tickRows = new Map();

function onTick(message) {
    const {symbol, price, sentAt} = message.data;
    const age = Math.max(0, Date.now() - sentAt);
    ages.push(age);
    if (ages.length > 50) {
        ages.shift();
    }
    let row = tickRows.get(symbol);
    if (!row) {
        row = document.createElement('tr');
        row.innerHTML = '<th scope="row"></th><td class="num price"></td><td class="num age"></td>';
        row.firstChild.textContent = symbol;
        row.previous = price;
        tickRows.set(symbol, row);
        const rows = [...tickRows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r);
        $('ticks').replaceChildren(...rows);
    }
    const priceCell = row.querySelector('.price');
    priceCell.textContent = price.toFixed(2);
    priceCell.dataset.trend = price > row.previous ? 'up' : price < row.previous ? 'down' : '';
    row.previous = price;
    const ageCell = row.querySelector('.age');
    ageCell.textContent = `${age} ms`;
    ageCell.dataset.slow = age > 250 ? 'true' : 'false';
    const sorted = [...ages].sort((a, b) => a - b);
    $('median-age').textContent = `${sorted[Math.floor(sorted.length / 2)]} ms`;
}

// ---- operations ----------------------------------------------------------------------------

function sum(map) {
    return Object.values(map || {}).reduce((total, value) => total + Number(value || 0), 0);
}

async function pollOperations() {
    try {
        const response = await fetch('/actuator/cometd', {headers: {Accept: 'application/json'}, cache: 'no-store'});
        if (!response.ok) {
            throw new Error(`HTTP ${response.status}`);
        }
        const summary = await response.json();
        const byTransport = Object.entries(summary.sessionsByTransport || {})
            .map(([name, count]) => `${name} ${count}`).join('\n') || 'none';
        const rows = [
            ['Sessions', summary.sessions],
            ['By transport', byTransport],
            ['Channels', summary.channels],
            ['Subscriptions', summary.subscriptions],
            ['Messages in', sum(summary.messagesIn)],
            ['Messages out', sum(summary.messagesOut)],
            ['Dropped', sum(summary.messagesDropped)],
        ];
        $('ops').replaceChildren(...rows.flatMap(([term, value]) => [
            Object.assign(document.createElement('dt'), {textContent: term}),
            Object.assign(document.createElement('dd'), {textContent: String(value ?? '–')}),
        ]));
    } catch (error) {
        $('ops').replaceChildren(Object.assign(document.createElement('dt'), {textContent: 'Status'}),
            Object.assign(document.createElement('dd'), {textContent: `unavailable (${error.message})`}));
    }
}

// ---- start ---------------------------------------------------------------------------------

$('transport-select').addEventListener('change', (event) => switchTransport(event.target.value));
$('transport-form').addEventListener('submit', (event) => event.preventDefault());
$('join-form').addEventListener('submit', onJoinSubmit);
$('compose-form').addEventListener('submit', onComposeSubmit);
$('message').addEventListener('input', onInput);
$('private-form').addEventListener('submit', onPrivateSubmit);
setInterval(showTypers, 1000);
window.addEventListener('pagehide', () => demo.client?.disconnect().catch(() => undefined));

$('room').value = cleanRoom(params.get('room'));
$('room-title').textContent = $('room').value;
if (params.get('name')) {
    $('name').value = params.get('name').trim().slice(0, 30);
    demo.name = $('name').value;
    demo.room = $('room').value;
}
// After the load event: callback-polling's held script requests would otherwise keep the page loading.
if (document.readyState === 'complete') {
    connect();
} else {
    window.addEventListener('load', connect, {once: true});
}
pollOperations();
setInterval(pollOperations, 2000);
