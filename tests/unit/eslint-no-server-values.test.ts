import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import rule from "../lint/no-server-values-in-browser.js";

// RuleTester runs each case as a test of the runner it is given.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
});

const error = (name: string) => ({ messageId: "serverValue", data: { name, source: "~/services/attendance.server" } });

tester.run("no-server-values-in-browser", rule, {
  valid: [
    // Loader, action and headers run on the server only.
    `import { DAYS, list } from "~/services/attendance.server";
     export async function loader() { return { days: DAYS, rows: await list() }; }
     export const action = async () => DAYS;
     export function headers() { return { "X-Days": String(DAYS) }; }
     export default function Page() { return <p>page</p>; }`,
    // A helper used only by the loader is dropped from the browser bundle too, even through another helper.
    `import { requireUser } from "~/lib/auth.server";
     async function load(request: Request) { return requireUser(request); }
     const loadTwice = async (request: Request) => [await load(request), await load(request)];
     export async function loader({ request }: { request: Request }) { return loadTwice(request); }`,
    // Types are erased: type-only imports and type positions are fine.
    `import type { Db } from "~/lib/db.server";
     import { type Row, listRows } from "~/services/rows.server";
     export const meta = (rows: Row[], db: Db, fn: typeof listRows) => [rows, db, fn];`,
    // Imports from modules without .server are what the browser should use.
    `import { DAYS } from "~/lib/forms/metrics";
     export default function Page() { return <p>{DAYS}</p>; }`,
  ],
  invalid: [
    // The defect of issue 12: 「回の開始からundefined日以内」.
    {
      code: `import { ATTENDANCE_EDIT_DAYS, list } from "~/services/attendance.server";
             export async function loader() { return list(); }
             export default function Page() { return <p>{ATTENDANCE_EDIT_DAYS}</p>; }`,
      errors: [error("ATTENDANCE_EDIT_DAYS")],
    },
    // meta, ErrorBoundary, handle and top-level constants run in the browser as well.
    {
      code: `import { ATTENDANCE_EDIT_DAYS as DAYS, label } from "~/services/attendance.server";
             export const meta = () => [{ title: label(DAYS) }];
             export function ErrorBoundary() { return <p>{DAYS}</p>; }
             export const handle = { days: DAYS };
             const WEEKS = DAYS / 7;`,
      errors: [error("label"), error("DAYS"), error("DAYS"), error("DAYS"), error("DAYS")],
    },
    // A helper the component also calls is browser code, even if the loader calls it too.
    {
      code: `import { ATTENDANCE_EDIT_DAYS } from "~/services/attendance.server";
             function days() { return ATTENDANCE_EDIT_DAYS; }
             export async function loader() { return days(); }
             export default function Page() { return <p>{days()}</p>; }`,
      errors: [error("ATTENDANCE_EDIT_DAYS")],
    },
    // A value imported as a namespace or default, and a component from a .server module.
    {
      code: `import * as attendance from "~/services/attendance.server";
             import Widget from "~/services/attendance.server";
             export default function Page() { return <Widget days={attendance.ATTENDANCE_EDIT_DAYS} />; }`,
      errors: [error("Widget"), error("attendance")],
    },
  ],
});
