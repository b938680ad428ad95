import { eq, inArray } from "drizzle-orm";
import { councils, districts } from "#db/schema";
import { tokyoDate } from "~/lib/dates";
import type { Db } from "~/lib/db.server";
import { findUserByEmail } from "~/services/accounts.server";
import { addCouncilMeeting, createCouncil, createMutualAidScheme } from "~/services/councils.server";

// DEMO ONLY, fictional. 協議体 and 支えあいの仕組み shaped like Yamatokoriyama's plan (R5: 8 協議体,
// 2 仕組み; R10 targets 12 and 8), in the demo city's own districts. Entered through the services
// as the demo admin, so the audit log shows them like any record.

interface DemoCouncil {
  district: string;
  name: string;
  theme: string;
  establishedOn: string;
  dissolvedOn?: string;
  isPublic: boolean;
  members: [residents: number, professionals: number, organisations: number];
  meetings: [heldOn: string, attendees: number, outcome: string][];
}

export const demoCouncils: DemoCouncil[] = [
  {
    district: "萩の台",
    name: "移動支援部会",
    theme: "移動支援",
    establishedOn: "2021-06-10",
    isPublic: true,
    members: [9, 2, 3],
    meetings: [
      ["2023-05-18", 11, "買い物と通院の送迎の需要を自治会ごとに調べることにした"],
      ["2023-08-24", 12, "運転ボランティアの募集と保険の加入方法を決めた"],
      ["2024-02-15", 10, "試行の振り返り。月2回から週1回に増やす"],
    ],
  },
  {
    district: "鹿ノ台",
    name: "見守り意見交換会",
    theme: "見守り",
    establishedOn: "2020-10-01",
    isPublic: true,
    members: [14, 3, 4],
    meetings: [
      ["2023-06-07", 16, "見守りの担当地図を更新した"],
      ["2023-12-06", 15, "新聞販売店・郵便局との連携を始める"],
      ["2024-06-05", 17, "見守り訪問の記録の仕方をそろえた"],
    ],
  },
  {
    district: "俵口",
    name: "わかもの会議",
    theme: "若い世代の参加",
    establishedOn: "2022-07-23",
    isPublic: true,
    members: [11, 1, 2],
    meetings: [
      ["2023-07-22", 13, "夏祭りで中高生の意見を聞く"],
      ["2024-03-09", 9, "地域の清掃活動を高校生と企画する"],
    ],
  },
  {
    district: "中央",
    name: "支えあいネットワーク会議",
    theme: "多機関の連携",
    establishedOn: "2019-11-15",
    isPublic: true,
    members: [6, 8, 7],
    meetings: [
      ["2023-09-13", 19, "ごみ出し支援の相談が増えていることを共有した"],
      ["2024-01-17", 21, "ごみ出し支援の仕組みを萩の台の例にならって検討する"],
    ],
  },
  {
    district: "壱分",
    name: "サロン連絡会",
    theme: "居場所づくり",
    establishedOn: "2022-04-20",
    isPublic: true,
    members: [12, 1, 3],
    meetings: [["2023-10-11", 14, "サロンの開催日が重ならないよう調整した"]],
  },
  {
    district: "東生駒",
    name: "買い物支援検討会",
    theme: "買い物支援",
    establishedOn: "2023-05-12",
    isPublic: false,
    members: [7, 2, 2],
    meetings: [
      ["2023-07-05", 9, "移動販売の停留所の候補を挙げた"],
      ["2023-11-08", 10, "事業者と停留所の試行を始める"],
    ],
  },
  {
    district: "白庭台",
    name: "防災と見守りの会",
    theme: "防災・見守り",
    establishedOn: "2023-09-01",
    isPublic: true,
    members: [10, 2, 3],
    meetings: [["2024-03-03", 12, "避難の時に声をかけあう名簿づくりの進め方を話しあった"]],
  },
  {
    district: "南生駒",
    name: "子ども食堂ネットワーク",
    theme: "子ども・子育て",
    establishedOn: "2024-03-29",
    isPublic: true,
    members: [8, 2, 4],
    meetings: [["2024-05-22", 11, "食材の寄付の受け取りを分担した"]],
  },
  // Dissolved before R5: not one of R5's 8 (merged into the 支えあいネットワーク会議).
  {
    district: "中央",
    name: "生活支援準備会",
    theme: "生活支援",
    establishedOn: "2019-05-20",
    dissolvedOn: "2022-03-31",
    isPublic: false,
    members: [5, 3, 2],
    meetings: [["2021-12-08", 8, "支えあいネットワーク会議に合流することにした"]],
  },
  // After R5.
  {
    district: "真弓",
    name: "ごみ出し支援部会",
    theme: "生活支援",
    establishedOn: "2024-09-10",
    isPublic: true,
    members: [6, 1, 1],
    meetings: [
      ["2024-10-16", 7, "対象となる世帯の目安を決めた"],
      ["2025-04-16", 8, "半年の試行を振り返った"],
    ],
  },
  {
    district: "さつき台",
    name: "認知症の人と家族の話しあいの場",
    theme: "認知症",
    establishedOn: "2025-06-01",
    isPublic: true,
    members: [9, 4, 2],
    meetings: [["2025-09-20", 13, "認知症カフェを月1回開くことにした"]],
  },
  {
    district: "北小平尾",
    name: "空き家活用検討会",
    theme: "居場所づくり",
    establishedOn: "2026-04-18",
    isPublic: false,
    members: [5, 2, 3],
    meetings: [["2026-07-08", 9, "空き家の持ち主に貸し出しの意向を聞く"]],
  },
];

export const demoSchemes = [
  { district: "鹿ノ台", council: "見守り意見交換会", name: "鹿ノ台 見守りネット", launchedOn: "2022-11-01", description: "一人暮らしの方へ週1回の声かけと、新聞・郵便のたまりへの気づきを共有します。" },
  { district: "萩の台", council: "移動支援部会", name: "萩の台 移動支援", launchedOn: "2023-10-02", description: "ボランティアの運転で、買い物と通院の送迎をします（週1回）。" },
  { district: "真弓", council: "ごみ出し支援部会", name: "真弓 ごみ出しサポート", launchedOn: "2024-11-05", description: "ごみ出しが難しい世帯のごみを、近所の担い手が集積所まで運びます。" },
  { district: "東生駒", council: "買い物支援検討会", name: "東生駒 移動販売の停留所", launchedOn: "2025-02-14", description: "移動販売車の停留所を集会所の前に設け、声かけをしあいます。" },
  { district: "さつき台", council: "認知症の人と家族の話しあいの場", name: "さつき台 認知症カフェ", launchedOn: "2025-10-18", description: "認知症の人と家族、地域の人が気軽に話せるカフェです（月1回）。" },
  { district: "中央", council: null, name: "中央 ちょこっと手伝い隊", launchedOn: "2026-06-01", description: "電球の交換や家具の移動など、30分ほどの困りごとを手伝います。" },
] as const;

/** Loads the demo councils, their meetings and schemes once; the number of councils created. */
export async function seedDemoCouncils(db: Db, now = new Date()): Promise<number> {
  const admin = await findUserByEmail(db, "admin@example.jp");
  if (!admin) return 0;
  const [already] = await db.select({ id: councils.id }).from(councils).where(eq(councils.name, "移動支援部会")).limit(1);
  if (already) return 0;
  const districtRows = await db
    .select({ id: districts.id, name: districts.name })
    .from(districts)
    .where(inArray(districts.name, [...new Set(demoCouncils.map((c) => c.district))]));
  const districtId = new Map(districtRows.map((d) => [d.name, d.id]));
  const today = tokyoDate(now);
  const actor = { userId: admin.id, ip: null };
  const created = new Map<string, number>();
  for (const council of demoCouncils) {
    const district = districtId.get(council.district);
    if (district === undefined || council.establishedOn > today) continue;
    const [residentMembers, professionalMembers, organisationMembers] = council.members;
    const id = await createCouncil(db, actor, {
      districtId: district,
      name: council.name,
      theme: council.theme,
      establishedOn: council.establishedOn,
      dissolvedOn: council.dissolvedOn ?? null,
      isPublic: council.isPublic,
      residentMembers,
      professionalMembers,
      organisationMembers,
    });
    created.set(council.name, id);
    for (const [heldOn, attendees, outcome] of council.meetings) {
      if (heldOn <= today) await addCouncilMeeting(db, actor, id, { heldOn, attendees, outcome });
    }
  }
  for (const scheme of demoSchemes) {
    const district = districtId.get(scheme.district);
    if (district === undefined || scheme.launchedOn > today) continue;
    const councilId = scheme.council === null ? null : (created.get(scheme.council) ?? null);
    await createMutualAidScheme(db, actor, { districtId: district, councilId, name: scheme.name, description: scheme.description, launchedOn: scheme.launchedOn, isPublic: true });
  }
  return created.size;
}
