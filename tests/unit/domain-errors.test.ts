import { describe, expect, test } from "vitest";
import { Conflict, DomainError, Forbidden, Invalid, NotFound, type DomainErrorCode } from "~/lib/domain-errors";
import { fieldRefusal, orFieldError, orHttpError, statusOf, toResponse } from "~/lib/http.server";
import { SignupRefused, type SignupRefusal } from "~/services/signups.server";

async function thrown(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe("one map from a domain error's code to HTTP", () => {
  test.each<[DomainErrorCode, DomainError, number]>([
    ["invalid", new Invalid(), 400],
    ["forbidden", new Forbidden(), 403],
    ["not_found", new NotFound(), 404],
    ["conflict", new Conflict(), 409],
  ])("%s is %d, with its message as the body", async (code, error, status) => {
    expect(error.code).toBe(code);
    expect(statusOf(code)).toBe(status);
    const response = toResponse(error);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ message: error.message });
  });

  // The statuses each refusal answered with when it carried its own (before ADR 016).
  test.each<[SignupRefusal, number]>([
    ["not_found", 404],
    ["not_yours", 403],
    ["guest_name", 400],
    ["past", 409],
    ["cancelled", 409],
    ["role_mismatch", 409],
    ["not_live", 409],
    ["busy", 409],
  ])("a sign-up refused as %s is %d", (reason, status) => {
    const error = new SignupRefused(reason);
    expect(error).toBeInstanceOf(DomainError);
    expect(statusOf(error.code)).toBe(status);
    expect(error.field).toBeUndefined();
  });
});

describe("a refusal that names its field", () => {
  const taken = new Conflict("case code taken", { field: "caseCode", key: "support.field.caseCode.taken" });

  test("becomes that field's error, with the status of its code", async () => {
    expect(fieldRefusal(taken)).toEqual({ status: 409, errors: { caseCode: "support.field.caseCode.taken" } });
    expect(await orFieldError(Promise.reject(taken))).toEqual({ ok: false, status: 409, errors: { caseCode: "support.field.caseCode.taken" } });
    expect(await orFieldError(Promise.resolve(7))).toEqual({ ok: true, value: 7 });
  });

  test("one without a field is the error page's Response; anything else is thrown as it is", async () => {
    expect(fieldRefusal(new NotFound())).toBeNull();
    expect(fieldRefusal(new SignupRefused("busy"))).toBeNull();
    expect(fieldRefusal(new Error("bug"))).toBeNull();
    const response = await thrown(() => orFieldError(Promise.reject(new NotFound("no such person"))));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(404);
    const bug = new TypeError("bug");
    expect(await thrown(() => orFieldError(Promise.reject(bug)))).toBe(bug);
    expect(await thrown(() => orHttpError(Promise.reject(bug)))).toBe(bug);
    expect(((await thrown(() => orHttpError(Promise.reject(taken)))) as Response).status).toBe(409);
  });
});
