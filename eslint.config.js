import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import noServerValuesInBrowser from "./tests/lint/no-server-values-in-browser.js";

const noServer = {
  group: ["**/*.server", "**/*.server.ts", "~/services/*"],
  message: "Client-safe modules must not import .server modules.",
};
const noDb = { group: ["\\#db/*", "**/db/*"], message: "Only *.server.ts modules touch db/." };
// db/ is the bottom layer (schema and migrations): app/ imports it, never the other way round.
const noApp = { group: ["~/*", "**/app/*", "**/app/**"], message: "db/ imports nothing from app/: the schema is the bottom layer." };
const noTests = { group: ["**/tests/*", "../tests/*", "../../tests/*"], message: "app/ never imports tests/." };
// Services speak the domain, not HTTP (docs/decisions/016-domain-errors.md): they throw a
// DomainError from ~/lib/domain-errors and a route's helper in ~/lib/http.server answers it.
const noHttp = {
  group: ["@remix-run/*", "react", "react/*", "react-dom", "react-dom/*", "~/lib/http.server", "**/http.server", "**/http.server.ts"],
  message: "Services and domain errors import no Remix, React or ~/lib/http.server: throw a DomainError from ~/lib/domain-errors.",
};

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "tests/.tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  // The .server boundary (STYLE.md §2): the classic compiler empties .server modules in the
  // browser bundle, so a wrong import would only fail at run time. Later blocks win, so each
  // lists every pattern that applies to it.
  {
    files: ["app/**/*"],
    rules: { "no-restricted-imports": ["error", { patterns: [noTests] }] },
  },
  {
    files: ["app/routes/**/*", "app/root.tsx", "app/entry.*.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [noTests, noDb] }] },
  },
  {
    files: ["app/components/**/*", "app/lib/**/*.{ts,tsx}"],
    ignores: ["app/lib/**/*.server.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noTests, noDb, noServer] }] },
  },
  {
    files: ["app/services/**/*"],
    rules: { "no-restricted-imports": ["error", { patterns: [noTests, noHttp] }] },
  },
  {
    files: ["app/lib/domain-errors.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [noTests, noDb, noServer, noHttp] }] },
  },
  // Route modules may import .server modules for their loader and action, but what the browser
  // runs (component, meta, links, ErrorBoundary…) must not read a value from them (STYLE.md §15).
  {
    files: ["app/routes/**/*.{ts,tsx}", "app/root.tsx"],
    plugins: { local: { rules: { "no-server-values-in-browser": noServerValuesInBrowser } } },
    rules: {
      "local/no-server-values-in-browser": "error",
      // An action reads its body with readForm (app/lib/http.server.ts): a body that is not a
      // form is then a 415/400 page, never a 500 (issue 12, item 5).
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name='formData']", message: "Read the body with readForm(request) from ~/lib/http.server." },
      ],
    },
  },
  {
    files: ["db/**/*"],
    rules: { "no-restricted-imports": ["error", { patterns: [noApp, noTests] }] },
  },
  // The notification kinds are the database enum's, and an application's limits the check
  // constraints': plain constants with no runtime dependency, the db/ modules that browser code
  // may read, each from the one module that re-exports it.
  {
    files: ["app/lib/notification-kinds.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noTests, noServer, { ...noDb, group: ["\\#db/*", "!\\#db/notification-kinds", "**/db/*"] }] }],
    },
  },
  {
    files: ["app/lib/forms/application.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noTests, noServer, { ...noDb, group: ["\\#db/*", "!\\#db/application-limits", "**/db/*"] }] }],
    },
  },
  // The training-course and survey codes are the check constraints' lists (migration 0024).
  {
    files: ["app/lib/surveys.ts", "app/lib/training-courses.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noTests, noServer, { ...noDb, group: ["\\#db/*", "!\\#db/indicator-codes", "**/db/*"] }] }],
    },
  },
  // The 通いの場 return's codes are the check constraints' lists (migration 0026).
  {
    files: ["app/lib/kayoi.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noTests, noServer, { ...noDb, group: ["\\#db/*", "!\\#db/kayoi-codes", "**/db/*"] }] }],
    },
  },
);
