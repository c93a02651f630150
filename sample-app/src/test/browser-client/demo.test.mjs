// The sample app's demo page (src/main/resources/static: index.html, app.js, app.css), driven through
// its own UI in Chromium: chat between two pages over each of the six transports, presence, moderation
// and private messages.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {EVENT_TIMEOUT_MS, ORIGIN, TRANSPORTS, launchChromium, waitInPage} from './support.mjs';

let browser;
before(async () => {
    browser = await launchChromium();
});
after(() => browser?.close());

let roomCounter = 0;

/** A room no other test or run uses. */
function uniqueRoom(kind) {
    roomCounter += 1;
    return `${kind}-${process.pid}-${roomCounter}-${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * The demo page in a browser context of its own, joined to the room as the name (URL parameters),
 * over the transport when one is given.
 */
async function openDemo({name, room, transport}) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const query = new URLSearchParams({name, room, ...(transport ? {transport} : {})});
    await page.goto(`${ORIGIN}/?${query}`);
    await waitInPage(page, () => window.demo?.joined === true && window.demo.state === 'connected', null,
        `${name} joined ${room}`);
    return {page, context, errors, close: () => context.close()};
}

/** Types a line into the page's message box and sends it with Enter, as a user does. */
async function say(page, text) {
    await page.fill('#message', text);
    await page.press('#message', 'Enter');
}

function textOf(page, selector) {
    return page.locator(selector).innerText();
}

function waitForText(page, selector, text, what, ms = EVENT_TIMEOUT_MS) {
    return waitInPage(page, ([selector, text]) => document.querySelector(selector)?.textContent.includes(text),
        [selector, text], what, ms);
}

for (const transport of TRANSPORTS) {
    test(`demo chat over ${transport}: the other page sees the line, the page shows its transport`, async () => {
        const room = uniqueRoom(transport);
        const ann = await openDemo({name: 'ann', room, transport});
        const bob = await openDemo({name: 'bob', room, transport});
        try {
            for (const {page} of [ann, bob]) {
                assert.equal(await page.evaluate(() => demo.client.getTransport()), transport);
                assert.equal(await textOf(page, '#transport'), transport);
                assert.equal(await page.inputValue('#transport-select'), transport);
            }
            const line = `hello over ${transport} ✓ <b>not bold</b>`;
            await say(ann.page, line);
            await waitForText(bob.page, '#messages', line, `ann's line on bob's page over ${transport}`);
            await waitForText(ann.page, '#messages', line, `ann's own line echoed over ${transport}`);
            assert.equal(await bob.page.locator('#messages b').count(), 0, 'text, not markup');
            // Cleared when the publish reply comes, which may follow the broadcast itself.
            await waitInPage(ann.page, () => document.querySelector('#message').value === '', null,
                'the sent line cleared on ann\'s page');
            assert.deepEqual([...ann.errors, ...bob.errors], [], 'no page errors');
        } finally {
            await ann.close();
            await bob.close();
        }
    });
}

test('the transport picker reconnects over the chosen transport and stays in the room', async () => {
    const room = uniqueRoom('picker');
    const ann = await openDemo({name: 'ann', room});
    const bob = await openDemo({name: 'bob', room, transport: 'long-polling'});
    try {
        await ann.page.selectOption('#transport-select', 'multipart');
        await waitInPage(ann.page, () => demo.transport === 'multipart' && demo.joined && demo.state === 'connected',
            null, 'ann reconnected over multipart');
        assert.match(ann.page.url(), /transport=multipart/);
        await say(ann.page, 'now over multipart');
        await waitForText(bob.page, '#messages', 'now over multipart', 'the line sent after switching');
        assert.deepEqual([...ann.errors, ...bob.errors], [], 'no page errors');
    } finally {
        await ann.close();
        await bob.close();
    }
});

test('presence: a page sees who is in the room, and sees a closed page leave', async () => {
    const room = uniqueRoom('presence');
    const ann = await openDemo({name: 'ann', room});
    const bob = await openDemo({name: 'bob', room});
    let annClosed = false;
    try {
        await waitInPage(bob.page, () => [...document.querySelectorAll('#members li')]
            .map((item) => item.firstChild.textContent).join(',') === 'ann,bob', null, 'ann and bob in bob\'s list');
        await waitForText(ann.page, '#messages', 'bob joined', 'bob\'s join announced to ann');
        assert.equal(await textOf(bob.page, '#member-count'), '2');

        await ann.close();
        annClosed = true;
        // The page says goodbye on pagehide when it can; otherwise the server prunes the session.
        await waitInPage(bob.page, () => [...document.querySelectorAll('#members li')]
            .map((item) => item.firstChild.textContent).join(',') === 'bob', null, 'ann gone from bob\'s list', 30_000);
        await waitForText(bob.page, '#messages', 'ann left', 'ann\'s leave announced');
        assert.equal(await textOf(bob.page, '#member-count'), '1');
        assert.deepEqual(bob.errors, [], 'no page errors');
    } finally {
        if (!annClosed) {
            await ann.close();
        }
        await bob.close();
    }
});

test('moderation: a shouted line is refused, the sender sees why, the others see nothing', async () => {
    const room = uniqueRoom('moderation');
    const ann = await openDemo({name: 'ann', room});
    const bob = await openDemo({name: 'bob', room});
    try {
        await say(ann.page, 'THIS IS VERY LOUD');
        await waitForText(ann.page, '#compose-status', 'no shouting', 'the refusal shown to ann');
        assert.equal(await ann.page.getAttribute('#compose-status', 'data-reason'), 'no_shouting');
        assert.equal(await ann.page.inputValue('#message'), 'THIS IS VERY LOUD', 'the refused text stays');

        // A later line, masked, arrives; the refused one never did.
        await say(ann.page, 'well, heck');
        await waitForText(bob.page, '#messages', 'well, ****', 'the masked line on bob\'s page');
        assert.equal(await ann.page.locator('#compose-status').innerText(), '', 'the refusal is cleared');
        assert.doesNotMatch(await textOf(bob.page, '#messages'), /LOUD/);
        assert.deepEqual([...ann.errors, ...bob.errors], [], 'no page errors');
    } finally {
        await ann.close();
        await bob.close();
    }
});

test('private message: it reaches the addressee\'s page only', async () => {
    const room = uniqueRoom('private');
    // Nicknames of this test only: private messages go to every page of a nickname, in any room.
    const suffix = Math.random().toString(36).slice(2, 6);
    const [ann, bob, cat] = await Promise.all(['ann', 'bob', 'cat'].map((name) => openDemo({name: `${name}${suffix}`, room})));
    try {
        await ann.page.fill('#private-to', `bob${suffix}`);
        await ann.page.fill('#private-text', 'psst, bob only');
        await ann.page.press('#private-text', 'Enter');
        await waitForText(bob.page, '#private-log', `from ann${suffix} psst, bob only`, 'the private message on bob\'s page');
        await waitForText(ann.page, '#private-status', `Sent to bob${suffix} (1 page)`, 'the delivery count shown to ann');

        // Then one to cat: once it is there, the first one would have been too, had it gone to cat.
        await ann.page.fill('#private-to', `cat${suffix}`);
        await ann.page.fill('#private-text', 'hi cat');
        await ann.page.click('#private-send');
        await waitForText(cat.page, '#private-log', 'hi cat', 'the second private message on cat\'s page');
        assert.doesNotMatch(await textOf(cat.page, '#private-log'), /bob only/);
        assert.doesNotMatch(await textOf(bob.page, '#private-log'), /hi cat/);
        assert.doesNotMatch(await textOf(bob.page, '#messages') + await textOf(cat.page, '#messages'), /psst/);
        assert.deepEqual([...ann.errors, ...bob.errors, ...cat.errors], [], 'no page errors');
    } finally {
        await Promise.all([ann, bob, cat].map((page) => page.close()));
    }
});

test('ticker ages and the operations panel are live', async () => {
    const ann = await openDemo({name: 'ann', room: uniqueRoom('ticker')});
    try {
        await waitInPage(ann.page, () => document.querySelectorAll('#ticks tr').length === 4, null, 'four symbols');
        const age = await ann.page.locator('#ticks tr .age').first().innerText();
        assert.match(age, /^\d+ ms$/);
        await waitInPage(ann.page, () => /^\d+$/.test(document.querySelector('#ops dd')?.textContent ?? ''), null,
            'the /actuator/cometd summary');
        assert.deepEqual(ann.errors, [], 'no page errors');
    } finally {
        await ann.close();
    }
});
