import { eq } from "drizzle-orm";
import type { Db } from "~/lib/db.server";
import { encryptField } from "~/lib/support-crypto.server";
import type { AccompanimentKind, SupportConstraint, SupportStage } from "~/lib/support";
import { findUserByEmail } from "~/services/accounts.server";
import {
  accompanimentEntries,
  districts,
  supportAssignments,
  supportedPersons,
  supportMeetings,
  supportPartnerLinks,
  supportPartners,
  supportStageChanges,
} from "#db/schema";

// DEMO ONLY: invented people for the demo coordinator (coordinator@example.jp). Any likeness to
// a real person is accidental. Real names, where given, are obviously fictional.

interface DemoPerson {
  caseCode: string;
  pseudonym: string;
  realName?: string;
  interests: string[];
  constraints: SupportConstraint[];
  constraintNote?: string;
  district: string;
  walkingMetres: number;
  stages: { stage: SupportStage; on: string }[];
  entries: { kind: AccompanimentKind; on: string; notes: string }[];
  partners: { kind: "person" | "department" | "organisation" | "company"; name: string; on: string }[];
}

const demoPersons: DemoPerson[] = [
  {
    caseCode: "ケース0012",
    pseudonym: "Aさん（ケース0012）",
    realName: "見本 太郎（デモ）",
    interests: ["本", "植物の世話"],
    constraints: ["quiet", "morning_only", "no_crowds"],
    constraintNote: "大きな音が苦手。はじめは同行してから様子を見る。",
    district: "萩の台",
    walkingMetres: 800,
    stages: [
      { stage: "consultation", on: "2026-05-12" },
      { stage: "visit", on: "2026-06-03" },
      { stage: "trial", on: "2026-07-08" },
    ],
    entries: [
      { kind: "interview", on: "2026-05-12", notes: "（デモ）初回面談。家の外に出るのは月に数回。" },
      { kind: "accompany", on: "2026-06-03", notes: "（デモ）ブックカフェを一緒に見学。本の整理に関心。" },
      { kind: "support_meeting", on: "2026-06-20", notes: "（デモ）地域包括と今後の関わり方を確認。" },
    ],
    partners: [
      { kind: "organisation", name: "生駒市社会福祉協議会（デモ）", on: "2026-05-12" },
      { kind: "department", name: "地域包括支援センター（デモ）", on: "2026-06-20" },
    ],
  },
  {
    caseCode: "ケース0027",
    pseudonym: "Bさん（ケース0027）",
    interests: ["料理", "子ども"],
    constraints: ["short", "needs_companion"],
    district: "さつき台",
    walkingMetres: 1500,
    stages: [
      { stage: "consultation", on: "2026-08-01" },
      { stage: "visit", on: "2026-09-14" },
    ],
    entries: [
      { kind: "phone", on: "2026-08-01", notes: "（デモ）家族からの電話相談。" },
      { kind: "support_meeting", on: "2026-06-20", notes: "（デモ）同じ会議で話し合い。" },
    ],
    partners: [{ kind: "organisation", name: "生駒市社会福祉協議会（デモ）", on: "2026-08-01" }],
  },
  {
    caseCode: "ケース0031",
    pseudonym: "Cさん（ケース0031）",
    interests: ["体操"],
    constraints: ["wheelchair", "seated"],
    district: "中央",
    walkingMetres: 300,
    stages: [{ stage: "consultation", on: "2026-10-02" }],
    entries: [{ kind: "interview", on: "2026-10-02", notes: "（デモ）車いすで行ける場所を探したい。" }],
    partners: [{ kind: "company", name: "福祉タクシー事業者（デモ）", on: "2026-10-02" }],
  },
];

/** Loads the demo supported persons that are missing; returns how many were added. */
export async function seedDemoSupport(db: Db): Promise<number> {
  const coordinator = await findUserByEmail(db, "coordinator@example.jp");
  if (!coordinator) return 0;
  let added = 0;
  // The 支援会議 of 2026-06-20 discussed Aさん and Bさん: one meeting, two entries.
  const meetingIds = new Map<string, number>();
  for (const demo of demoPersons) {
    const [existing] = await db.select({ id: supportedPersons.id }).from(supportedPersons).where(eq(supportedPersons.caseCode, demo.caseCode));
    if (existing) continue;
    await db.transaction(async (tx) => {
      const [district] = await tx.select({ id: districts.id }).from(districts).where(eq(districts.name, demo.district));
      const last = demo.stages[demo.stages.length - 1];
      const [person] = await tx
        .insert(supportedPersons)
        .values({
          caseCode: demo.caseCode,
          pseudonym: demo.pseudonym,
          realNameEncrypted: demo.realName ? encryptField(demo.realName) : null,
          interests: demo.interests,
          constraints: demo.constraints,
          constraintNote: demo.constraintNote ?? null,
          districtId: district?.id ?? null,
          walkingMetres: demo.walkingMetres,
          stage: last?.stage ?? "consultation",
          consentGivenOn: demo.stages[0]?.on ?? "2026-04-01",
          consentPurpose: "（デモ）地域の居場所・役割につなぐための支援",
          consentScope: "（デモ）担当の相談支援員のみ。関係機関には本人の了解を得て必要な範囲で共有",
        })
        .returning({ id: supportedPersons.id });
      if (!person) throw new Error("demo person insert failed");
      await tx.insert(supportAssignments).values({ personId: person.id, coordinatorId: coordinator.id });
      let from: SupportStage | null = null;
      for (const step of demo.stages) {
        await tx.insert(supportStageChanges).values({ personId: person.id, changedBy: coordinator.id, fromStage: from, toStage: step.stage, changedOn: step.on });
        from = step.stage;
      }
      for (const entry of demo.entries) {
        let meetingId: number | null = null;
        if (entry.kind === "support_meeting" || entry.kind === "multi_agency_meeting") {
          const key = `${entry.kind}:${entry.on}`;
          meetingId = meetingIds.get(key) ?? null;
          if (meetingId === null) {
            const [found] = await tx.select({ id: supportMeetings.id }).from(supportMeetings).where(eq(supportMeetings.heldOn, entry.on));
            meetingId = found?.id ?? (await tx.insert(supportMeetings).values({ kind: entry.kind, heldOn: entry.on, createdBy: coordinator.id }).returning({ id: supportMeetings.id }))[0]?.id ?? null;
            if (meetingId !== null) meetingIds.set(key, meetingId);
          }
        }
        await tx.insert(accompanimentEntries).values({ personId: person.id, meetingId, coordinatorId: coordinator.id, kind: entry.kind, occurredOn: entry.on, notes: entry.notes });
      }
      for (const partner of demo.partners) {
        await tx.insert(supportPartners).values({ kind: partner.kind, name: partner.name }).onConflictDoNothing();
        const [row] = await tx.select({ id: supportPartners.id }).from(supportPartners).where(eq(supportPartners.name, partner.name));
        if (row) await tx.insert(supportPartnerLinks).values({ personId: person.id, partnerId: row.id, linkedOn: partner.on }).onConflictDoNothing();
      }
    });
    added += 1;
  }
  return added;
}
