// What `npm run demo` adds to the environment of the server it starts (also used by the test
// that starts the built server the same way: tests/server/session-cookie.test.ts).

/**
 * Production mode (as `npm start`, set by run-demo.ts), but over plain http: the demo is opened from this machine or
 * from a phone on the same network, where a `Secure` session cookie would never come back, so
 * login could not work. `COOKIE_SECURE=true` in the environment keeps it Secure.
 */
export function demoServerEnv(base: Record<string, string | undefined>): { COOKIE_SECURE: string } {
  return { COOKIE_SECURE: base.COOKIE_SECURE || "false" };
}
