/// <reference types="@remix-run/dev" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's IP as the server sees it (see TRUST_PROXY). */
    clientIp: string;
  }
}
