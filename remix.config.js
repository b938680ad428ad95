/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // The classic compiler bundles our own server entry with the app, so the server and the
  // routes share one database handle (closed cleanly on SIGTERM). See docs/decisions/001.
  server: "./app/server.ts",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
