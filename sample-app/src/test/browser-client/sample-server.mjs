// A sample app of the restart test's own, started and stopped on one port: java with the classpath
// that the Java runner passes (SAMPLE_APP_JAVA, SAMPLE_APP_CLASSPATH), the interop profile's timings.

import {spawn} from 'node:child_process';
import {createServer} from 'node:net';
import {delay} from './support.mjs';

export const SAMPLE_APP_CLASSPATH = process.env.SAMPLE_APP_CLASSPATH;
const JAVA = process.env.SAMPLE_APP_JAVA || 'java';
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

/** A port free right now on the loopback interface. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const {port} = server.address();
            server.close(() => resolve(port));
        });
    });
}

/**
 * Start the sample app on the port and resolve once it serves the client script.
 * @param {number} port
 */
export async function startSampleApp(port) {
    const child = spawn(JAVA, ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-cp', SAMPLE_APP_CLASSPATH,
        'io.github.cometdboot.sample.SampleApplication', `--server.port=${port}`, '--server.address=127.0.0.1',
        '--spring.profiles.active=interop', '--spring.main.banner-mode=off', '--logging.level.root=WARN',
        // A graceful shutdown, as a restart does, but the held websockets would make it wait out the
        // default 30 s phase timeout.
        '--spring.lifecycle.timeout-per-shutdown-phase=2s'],
    {stdio: ['ignore', 'pipe', 'pipe']});
    let output = '';
    child.stdout.on('data', (chunk) => {
        output += chunk;
    });
    child.stderr.on('data', (chunk) => {
        output += chunk;
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const app = {
        child,
        exited,
        get output() {
            return output;
        },
    };
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
        if (child.exitCode !== null) {
            throw new Error(`sample app exited with ${child.exitCode}:\n${output}`);
        }
        try {
            const response = await fetch(`http://127.0.0.1:${port}/cometd.js`, {signal: AbortSignal.timeout(2000)});
            if (response.ok) {
                return app;
            }
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            child.kill('SIGKILL');
            throw new Error(`sample app did not start on ${port} within ${START_TIMEOUT_MS} ms:\n${output}`);
        }
        await delay(200);
    }
}

/** Stop it as a restart does (SIGTERM, a graceful shutdown), and wait until it has exited. */
export async function stopSampleApp(app) {
    if (app.child.exitCode !== null) {
        return;
    }
    app.child.kill('SIGTERM');
    let timer;
    const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS);
    });
    const stopped = await Promise.race([app.exited.then(() => true), timeout]);
    clearTimeout(timer);
    if (!stopped) {
        app.child.kill('SIGKILL');
        await app.exited;
    }
}
