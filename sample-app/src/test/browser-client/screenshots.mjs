// Takes the screenshots of the README and docs/sample-app.md of the demo page (docs/screenshots): a desktop (1280x800) and a phone
// (390x844) view of a room with a conversation, a typing indicator, a private message and a refusal.
// Not a test: run it by hand against a freshly started sample app (the room's history shows).
//   COMETD_URL=http://127.0.0.1:8080/cometd node screenshots.mjs [output directory]

import {mkdir} from 'node:fs/promises';
import {resolve} from 'node:path';
import {ORIGIN, delay, launchChromium, waitInPage} from './support.mjs';

const output = resolve(process.argv[2] || '../../../../docs/screenshots');
const room = 'lobby';

const browser = await launchChromium();
try {
    await mkdir(output, {recursive: true});
    const open = async (name, transport, viewport) => {
        const context = await browser.newContext({viewport, deviceScaleFactor: 1});
        const page = await context.newPage();
        await page.goto(`${ORIGIN}/?${new URLSearchParams({name, room, ...(transport ? {transport} : {})})}`);
        await waitInPage(page, () => window.demo?.joined === true, null, `${name} joined`);
        return page;
    };
    const say = async (page, text) => {
        await page.fill('#message', text);
        await page.press('#message', 'Enter');
        await waitInPage(page, () => document.querySelector('#message').value === '', null, `"${text}" sent`);
    };

    const ann = await open('ann', 'websocket', {width: 1280, height: 800});
    const bob = await open('bob', 'long-polling', {width: 1280, height: 800});
    const cat = await open('cat', 'eventsource', {width: 390, height: 844});
    await say(ann, 'Morning! Release review at 10?');
    await say(bob, 'Sounds good, I\'ll bring the heck of a changelog');
    await say(cat, 'I\'m in, joining from my phone');
    await say(ann, 'Great, see you both there');
    await bob.fill('#private-to', 'ann');
    await bob.fill('#private-text', 'can you share the slides with me?');
    await bob.press('#private-text', 'Enter');
    await waitInPage(ann, () => document.querySelector('#private-log').textContent.includes('slides'), null, 'private');
    await cat.fill('#message', 'ok');
    await cat.type('#message', ' see you');
    await ann.fill('#message', 'SEE YOU THERE');
    await ann.press('#message', 'Enter');
    await waitInPage(ann, () => document.querySelector('#compose-status').textContent !== '', null, 'refusal');
    await waitInPage(ann, () => document.querySelector('#typing').textContent.includes('cat'), null, 'typing');
    await delay(2500); // the operations panel polls every 2 s
    await ann.focus('#message');
    await ann.screenshot({path: `${output}/demo-desktop.png`});

    await bob.type('#message', 'on my way');
    await waitInPage(cat, () => document.querySelector('#typing').textContent.includes('bob'), null, 'typing');
    await cat.evaluate(() => document.activeElement.blur());
    await cat.screenshot({path: `${output}/demo-phone.png`});
    console.log(`screenshots in ${output}`);
} finally {
    await browser.close();
}
