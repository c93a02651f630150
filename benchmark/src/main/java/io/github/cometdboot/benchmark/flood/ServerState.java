package io.github.cometdboot.benchmark.flood;

/**
 * The server under test as read at the end of a phase.
 *
 * @param heapAfterGcKib its heap in use after a full GC, in KiB (-1 if unknown)
 * @param openFiles the file descriptors it holds open (-1 if unknown)
 * @param connections the connections it counts against {@code max-connections} (-1 if unknown)
 * @param sessions its live Bayeux sessions (-1 if unknown)
 * @param logLines the lines its log had grown by since the previous reading (-1 without a log)
 */
record ServerState(long heapAfterGcKib, long openFiles, long connections, long sessions, long logLines) {
}
