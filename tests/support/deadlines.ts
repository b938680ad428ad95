// How long a test waits before it calls something a hang (issue 12: a busy machine failed the
// suite on 30 s and 120 s deadlines that a loaded machine can take). Tests wait for conditions —
// a log line, a status, a row — and fail at once when the thing they wait for has died (the
// server process exited); these deadlines only end a wait that would otherwise never end. They
// are not measurements: what is timed is asserted where it is measured.

/** A wait for a process or server to start, a database to open, demo data to load. */
export const START_DEADLINE_MS = 5 * 60_000;

/** A whole test or hook (vitest's testTimeout/hookTimeout, Playwright's test timeout). */
export const HANG_MS = 10 * 60_000;

/** One condition that is polled until it holds (expect.poll, Playwright's expect). */
export const CONDITION_MS = 60_000;
