import type { Db } from "~/lib/db.server";
import type { PersonInput } from "~/lib/forms/support";
import { createPerson } from "~/services/support.server";

let sequence = 0;

/** A supported person assigned to `coordinatorId`, registered through the service (so audited). */
export async function createSupportedPerson(db: Db, coordinatorId: string, overrides: Partial<PersonInput> = {}) {
  const n = ++sequence;
  const input: PersonInput = {
    caseCode: `テスト${n}-${Math.random().toString(36).slice(2, 8)}`,
    pseudonym: `テストさん${n}`,
    realName: null,
    interests: [],
    constraints: [],
    constraintNote: null,
    districtId: null,
    walkingMetres: null,
    consentGivenOn: "2026-04-01",
    consentPurpose: "居場所につなぐ支援のため",
    consentScope: "担当の相談支援員のみ",
    clearUnreadableRealName: false,
    ...overrides,
  };
  const id = await createPerson(db, { userId: coordinatorId }, input, "2026-04-01");
  return { id, ...input };
}
