/// <reference types="@remix-run/dev" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's IP as the server sees it (see TRUST_PROXY). */
    clientIp: string;
    /** This response's Content-Security-Policy nonce (app/server.ts); absent in route tests. */
    cspNonce?: string;
  }
}
