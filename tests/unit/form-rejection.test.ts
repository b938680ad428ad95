// The form kit's refusal: one shape for every form, and on a page of several forms the refusal
// names the form it belongs to, so its errors are shown beside that form and no other.
import { z } from "zod";
import { describe, expect, test } from "vitest";
import { rejectionMatches } from "~/lib/forms/rejection";
import { parseForm, reject } from "~/lib/forms/submission.server";

function formOf(fields: Record<string, string | string[]>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  return form;
}

describe("rejectionMatches", () => {
  test("intent and target must both agree; an absent one is none, not any", () => {
    expect(rejectionMatches({ intent: "cancel", target: 7 }, { intent: "cancel", target: 7 })).toBe(true);
    expect(rejectionMatches({ intent: "cancel", target: 7 }, { intent: "cancel", target: 8 })).toBe(false);
    expect(rejectionMatches({ intent: "cancel", target: 7 }, { intent: "move", target: 7 })).toBe(false);
    expect(rejectionMatches({ intent: "cancel", target: 7 }, { intent: "cancel" })).toBe(false);
    expect(rejectionMatches({ intent: "addRole", target: null }, { intent: "addRole" })).toBe(true);
    expect(rejectionMatches({ intent: "addRole" }, { intent: "addRole", target: null })).toBe(true);
    expect(rejectionMatches({ target: 3 }, { target: 3 })).toBe(true);
    expect(rejectionMatches({}, {})).toBe(true);
  });
});

describe("reject and parseForm", () => {
  test("a refusal is 400 with the errors and values, and only the tags that are set", async () => {
    const response = reject({ email: "a@example.jp" }, {}, { status: 429, formError: "login.throttled", formParams: { minutes: 3 }, headers: { "Retry-After": "180" } });
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("180");
    expect(await response.json()).toEqual({ errors: {}, values: { email: "a@example.jp" }, formError: "login.throttled", formParams: { minutes: 3 } });
  });

  test("parseForm tags its refusal with the form's intent and target and keeps the typed values", async () => {
    const schema = z.object({ reason: z.string().min(1, "field.choose.required") });
    const refused = parseForm(formOf({ intent: "cancel", targetId: "7", reason: "" }), schema, { intent: "cancel", target: 7, headers: { "Cache-Control": "no-store" } });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.reply.status).toBe(400);
    expect(refused.reply.headers.get("Cache-Control")).toBe("no-store");
    expect(await refused.reply.json()).toEqual({ errors: { reason: "field.choose.required" }, values: { intent: "cancel", targetId: "7", reason: "" }, intent: "cancel", target: 7 });
    expect(refused.form.get("targetId")).toBe("7");

    const accepted = parseForm(formOf({ reason: "雨天" }), schema);
    expect(accepted).toMatchObject({ ok: true, data: { reason: "雨天" } });
  });
});
