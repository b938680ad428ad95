import { and, asc, count, eq, gt } from "drizzle-orm";
import type { Db } from "~/lib/db.server";
import { addToDate, tokyoDate, tokyoInstant } from "~/lib/dates";
import { scheduleDates } from "~/lib/recurrence";
import { syncFutureOccurrences, scheduleOf } from "~/services/occurrences.server";
import { activities, activityRoles, categories, hubs, occurrences, type roleLoadTags } from "#db/schema";

// Realistic activities for every demo hub (see DEMO-DATA.md): weekly 百歳体操, monthly community
// café and 子ども食堂, a library café, 資源回収 days, a 見守り walk… Every person is invented.

type LoadTag = (typeof roleLoadTags)[number];
interface DemoRole {
  name: string;
  slots: number;
  description?: string;
  skills?: string[];
  loadTags?: LoadTag[];
}
interface DemoActivity {
  title: string;
  category: string;
  description: string;
  audience?: "everyone" | "seniors" | "families" | "disabilities" | "youth";
  feeYen?: number;
  feeNote?: string;
  registrationRequired?: boolean;
  capacity?: number;
  maxPartySize?: number;
  /** A number residents may call to apply (fictional). */
  applicationPhone?: string;
  /** 参加申込方法 in the organiser's words; otherwise the open data says it from the settings. */
  applicationMethod?: string;
  welcomesSupported?: boolean;
  accessibilityNotes?: string;
  /** "weekly:2,4" (ISO weekdays), "biweekly:5", "monthly:2:6" (第2土曜; -1 = 最終), "once:+35" (days from today). */
  schedule: string;
  time: [string, string];
  roles: DemoRole[];
}

const reception = (slots = 1): DemoRole => ({ name: "受付", slots, description: "参加者の受付と名簿の記入", loadTags: ["seated", "first_timers"] });
const tidyUp = (slots = 2): DemoRole => ({ name: "片付け", slots, description: "机と椅子、食器の片付け", loadTags: ["short", "quiet", "supported_ok", "first_timers"] });
const exerciseLeader: DemoRole = { name: "体操リーダー", slots: 1, description: "DVDに合わせて前で体操の見本を見せる", skills: ["いきいき百歳体操サポーター講座修了"] };
const cooking = (slots: number): DemoRole => ({ name: "調理", slots, description: "献立に沿った調理", skills: ["調理", "食品衛生"] });
const serving = (slots: number): DemoRole => ({ name: "配膳", slots, loadTags: ["short", "first_timers"] });

const byHub: Record<string, DemoActivity[]> = {
  萩の台まちなえき: [
    {
      title: "資源回収ステーションとまちなえきカフェ",
      category: "recycling",
      description: "自治会館前で古紙・衣類・びんを回収します。回収のあいだ、館内でコーヒーとお菓子をどうぞ（カフェは100円）。",
      feeNote: "資源回収は無料、カフェは1杯100円",
      schedule: "monthly:2:6",
      time: ["09:00", "12:00"],
      welcomesSupported: true,
      roles: [
        { name: "分別案内", slots: 2, description: "持ち込まれた資源の分け方を案内する", loadTags: ["short", "first_timers"] },
        { name: "袋詰め", slots: 1, description: "回収した古布を袋に詰める", loadTags: ["solo", "quiet", "supported_ok"] },
        { name: "カフェ係", slots: 2, description: "コーヒーを入れてお出しする" },
      ],
    },
    {
      title: "いきいき百歳体操",
      category: "exercise",
      audience: "seniors",
      description: "おもりを使った筋力づくりの体操です。椅子に座ってできます。",
      accessibilityNotes: "椅子に座ったまま参加できます",
      schedule: "weekly:2",
      time: ["10:00", "11:00"],
      roles: [exerciseLeader, reception()],
    },
    {
      title: "見守りウォーク",
      category: "watch",
      description: "地域をゆっくり歩きながら、一人暮らしのお宅の様子に気を配ります。雨の日は中止です。",
      schedule: "weekly:4",
      time: ["09:30", "10:30"],
      roles: [{ name: "見守り", slots: 3, description: "二人一組で決まったコースを歩く", loadTags: ["short", "first_timers"] }],
    },
    {
      title: "健康マージャン教室",
      category: "hobby",
      audience: "seniors",
      description: "頭の体操に、賭けない・飲まない・吸わないの健康マージャン。初めての方には先生がつきます。卓の数に限りがあるので、申し込みをお願いします。",
      registrationRequired: true,
      capacity: 12,
      maxPartySize: 2,
      applicationPhone: "0743700000",
      applicationMethod: "活動のページか電話（0743-70-0000）で、前日までに申し込んでください",
      schedule: "weekly:5",
      time: ["13:30", "15:30"],
      roles: [reception(), { name: "マージャンの先生", slots: 2, skills: ["マージャン"], loadTags: ["seated"] }],
    },
    {
      title: "野菜の販売と交換会",
      category: "other",
      description: "地元の農家さんの野菜の販売と、家庭の品の交換会です。",
      schedule: "monthly:4:7",
      time: ["10:00", "12:00"],
      roles: [{ name: "会計", slots: 1, loadTags: ["seated"] }, { name: "チラシ折り", slots: 2, loadTags: ["seated", "solo", "quiet", "supported_ok"] }],
    },
  ],
  さつき台図書室カフェ: [
    {
      title: "図書室カフェ",
      category: "salon",
      description: "寄贈された約500冊の本に囲まれて、お茶と読書を楽しめます。飲み物は100円。",
      feeYen: 100,
      schedule: "weekly:1,3,5",
      time: ["13:00", "16:00"],
      welcomesSupported: true,
      roles: [
        { name: "本の整理", slots: 1, description: "返ってきた本を棚に戻し、寄贈本を登録する", loadTags: ["solo", "quiet", "seated", "supported_ok"] },
        { name: "カフェ係", slots: 2, loadTags: ["first_timers"] },
      ],
    },
    {
      title: "いきいき百歳体操",
      category: "exercise",
      audience: "seniors",
      description: "図書室の奥のスペースで行う体操です。",
      schedule: "weekly:3",
      time: ["10:00", "11:00"],
      roles: [exerciseLeader],
    },
  ],
  生駒台まちなえき: [
    {
      title: "キッチンカーとバザー",
      category: "other",
      description: "キッチンカーが来ます。手づくり品のバザーと、子ども向けの遊びコーナーもあります。",
      schedule: "monthly:3:7",
      time: ["11:00", "15:00"],
      roles: [{ name: "キッズコーナー見守り", slots: 2 }, { name: "会場設営", slots: 3, loadTags: ["short"] }, { name: "写真係", slots: 1, loadTags: ["solo", "quiet"] }],
    },
    {
      title: "ものづくりワークショップ",
      category: "hobby",
      audience: "families",
      description: "季節の小物を親子でつくります。材料費300円。",
      feeYen: 300,
      registrationRequired: true,
      capacity: 15,
      schedule: "monthly:1:6",
      time: ["14:00", "16:00"],
      roles: [{ name: "材料の準備", slots: 1, loadTags: ["solo", "seated", "supported_ok"] }],
    },
  ],
  "ひかりが丘 公園のリビング": [
    {
      title: "公園のリビング",
      category: "salon",
      description: "公園にテーブルと椅子、本と将棋を出して、だれでもくつろげる「リビング」にします。",
      schedule: "weekly:6",
      time: ["10:00", "15:00"],
      roles: [{ name: "設営と片付け", slots: 2, loadTags: ["short", "first_timers", "supported_ok"] }],
    },
    {
      title: "修理カフェ",
      category: "hobby",
      description: "壊れた傘・おもちゃ・小さな家電を、修理の得意な住民と一緒に直します。",
      schedule: "monthly:2:7",
      time: ["10:00", "12:00"],
      roles: [{ name: "修理係", slots: 3, skills: ["電気工作", "裁縫", "木工"], loadTags: ["seated", "quiet"] }, reception()],
    },
  ],
  "西菜畑町 ご近所先生の会": [
    {
      title: "スマホ相談教室",
      category: "learning",
      audience: "seniors",
      description: "スマホの使い方を、ご近所の先生が一対一で教えます。",
      registrationRequired: true,
      capacity: 8,
      schedule: "monthly:2,4:3",
      time: ["14:00", "15:30"],
      roles: [{ name: "スマホ先生", slots: 3, skills: ["スマートフォン"] }],
    },
    {
      title: "夜の書道教室",
      category: "hobby",
      description: "仕事帰りにも通える、隔週金曜夜の書道教室です。",
      feeYen: 500,
      schedule: "biweekly:5",
      time: ["19:00", "20:30"],
      roles: [{ name: "準備係", slots: 1, loadTags: ["short", "solo"] }],
    },
  ],
  "北小平尾 みんなの農園": [
    {
      title: "みんなの農園の日",
      category: "hobby",
      description: "1歳から73歳までの仲間で野菜を育てています。汚れてもよい服で。",
      schedule: "weekly:6",
      time: ["09:00", "11:00"],
      welcomesSupported: true,
      roles: [
        { name: "水やり", slots: 2, description: "畝ごとの水やり", loadTags: ["solo", "quiet", "short", "supported_ok", "first_timers"] },
        { name: "畑の作業", slots: 4, skills: ["農作業"] },
      ],
    },
  ],
  "鹿ノ台 旧消防署カフェ": [
    {
      title: "旧消防署カフェ",
      category: "salon",
      description: "旧消防署を改装したカフェ。コーヒーとお菓子のセットが150円。子どもスペースもあります。",
      feeYen: 150,
      schedule: "weekly:2,4,6",
      time: ["10:00", "15:00"],
      roles: [{ name: "ホール係", slots: 3, loadTags: ["first_timers"] }, { name: "食器洗い", slots: 1, loadTags: ["quiet", "solo", "supported_ok"] }, { name: "会計", slots: 1, loadTags: ["seated"] }],
    },
    {
      title: "ふれあい卓球",
      category: "exercise",
      description: "2階の卓球台で、初心者も経験者も一緒に。",
      schedule: "weekly:3",
      time: ["13:30", "15:30"],
      roles: [{ name: "卓球台の準備", slots: 1, loadTags: ["short"] }],
    },
  ],
  元町集会所サロン: [
    {
      title: "ふれあいサロン",
      category: "salon",
      audience: "seniors",
      description: "お茶を飲みながらおしゃべり。季節の歌や脳トレもあります。参加費100円。",
      feeYen: 100,
      schedule: "monthly:1,3:4",
      time: ["13:30", "15:30"],
      roles: [reception(), { name: "お茶出し", slots: 2, loadTags: ["short", "first_timers"] }, tidyUp()],
    },
    {
      title: "いきいき百歳体操",
      category: "exercise",
      audience: "seniors",
      description: "毎週月曜の朝に集会所で体操をしています。",
      schedule: "weekly:1",
      time: ["10:00", "11:00"],
      roles: [exerciseLeader],
    },
  ],
  "東生駒 子ども食堂こもれび": [
    {
      title: "子ども食堂こもれび",
      category: "meals",
      audience: "families",
      description: "子どもは無料、大人は300円。みんなで晩ごはんを食べましょう。",
      feeNote: "子ども無料・大人300円",
      registrationRequired: true,
      applicationMethod: "活動のページから申し込み。席に空きがあれば当日でも参加できます",
      capacity: 40,
      welcomesSupported: true,
      schedule: "monthly:2,4:5",
      time: ["17:00", "19:30"],
      roles: [reception(), cooking(3), serving(2), tidyUp(2)],
    },
  ],
  "俵口 ふれあいサロン": [
    {
      title: "いきいき百歳体操",
      category: "exercise",
      audience: "seniors",
      description: "金曜の朝の体操です。",
      schedule: "weekly:5",
      time: ["10:00", "11:00"],
      roles: [exerciseLeader, reception()],
    },
    {
      title: "月末の茶話会",
      category: "salon",
      description: "月の最後の金曜日、お茶とお菓子でひと息。",
      feeYen: 100,
      schedule: "monthly:-1:5",
      time: ["13:30", "15:00"],
      roles: [{ name: "お茶出し", slots: 2, loadTags: ["short"] }],
    },
  ],
  真弓まちなえき: [
    {
      title: "真弓コミュニティカフェ",
      category: "salon",
      description: "月に一度のコミュニティカフェ。ランチは大人300円・子ども200円。",
      feeYen: 300,
      feeNote: "大人300円・子ども200円",
      schedule: "monthly:2:6",
      time: ["10:00", "14:30"],
      welcomesSupported: true,
      roles: [reception(2), cooking(3), serving(2), tidyUp(2), { name: "会計", slots: 1, loadTags: ["seated"] }],
    },
    {
      title: "移動販売",
      category: "mobility",
      audience: "seniors",
      description: "スーパーの移動販売車が来ます（20分間）。",
      schedule: "weekly:3",
      time: ["15:20", "15:40"],
      roles: [{ name: "買い物の手伝い", slots: 1, loadTags: ["short", "first_timers"] }],
    },
  ],
  桜ヶ丘自治会館: [
    {
      title: "資源回収の日",
      category: "recycling",
      description: "古紙・段ボール・アルミ缶を自治会館前で回収します。",
      schedule: "monthly:1:7",
      time: ["08:00", "10:00"],
      roles: [{ name: "分別案内", slots: 2, loadTags: ["short", "first_timers"] }],
    },
    {
      title: "防災講座「家庭でできる備え」",
      category: "disaster",
      description: "非常持ち出し袋の中身と、避難所までの道を確かめます。",
      registrationRequired: true,
      capacity: 30,
      schedule: "once:+33",
      time: ["10:00", "12:00"],
      roles: [reception(), { name: "会場設営", slots: 2, loadTags: ["short"] }],
    },
  ],
  "壱分 みまもり茶話会": [
    {
      title: "みまもり茶話会",
      category: "watch",
      audience: "seniors",
      description: "毎週木曜の午後、顔を合わせて元気を確かめ合う茶話会です。",
      feeYen: 100,
      schedule: "weekly:4",
      time: ["14:00", "15:30"],
      welcomesSupported: true,
      roles: [{ name: "お茶出し", slots: 1, loadTags: ["short", "first_timers", "supported_ok"] }, { name: "見守り", slots: 2 }],
    },
  ],
  "南生駒 つどいの家": [
    {
      title: "くらしと介護の相談会",
      category: "consultation",
      description: "地域包括支援センターの職員が、介護やくらしの相談に応じます。",
      schedule: "monthly:3:2",
      time: ["13:00", "15:00"],
      roles: [reception()],
    },
    {
      title: "囲碁・将棋の会",
      category: "hobby",
      description: "月曜の午後、囲碁と将棋を楽しむ会です。",
      schedule: "weekly:1",
      time: ["13:00", "16:00"],
      roles: [{ name: "会場の鍵当番", slots: 1, loadTags: ["short", "solo"] }],
    },
  ],
  白庭台まちなえき: [
    {
      title: "いきいき百歳体操",
      category: "exercise",
      audience: "seniors",
      description: "木曜の朝、みんなで体操。",
      schedule: "weekly:4",
      time: ["10:00", "11:00"],
      roles: [exerciseLeader],
    },
    {
      title: "多世代カフェ",
      category: "salon",
      description: "子どもからお年寄りまで、だれでも立ち寄れるカフェです。",
      feeYen: 200,
      schedule: "monthly:4:6",
      time: ["10:00", "14:00"],
      roles: [reception(), { name: "カフェ係", slots: 3 }, tidyUp()],
    },
  ],
  "生駒台南 子ども食堂ひだまり": [
    {
      title: "子ども食堂ひだまり",
      category: "meals",
      audience: "families",
      description: "毎月第3土曜のお昼ごはん。子どもは無料、大人は200円。",
      feeNote: "子ども無料・大人200円",
      schedule: "monthly:3:6",
      time: ["11:30", "13:30"],
      roles: [cooking(3), serving(2), tidyUp(2)],
    },
    {
      title: "放課後の学習会",
      category: "learning",
      audience: "youth",
      description: "宿題をもってきてください。大学生のボランティアが一緒に考えます。",
      schedule: "weekly:3",
      time: ["16:00", "18:00"],
      roles: [{ name: "学習サポーター", slots: 3, skills: ["学習支援"] }],
    },
  ],
};

/** イベント名_カナ of each demo title, as the open data publishes it. */
const readings: Record<string, string> = {
  資源回収ステーションとまちなえきカフェ: "シゲンカイシュウステーショントマチナエキカフェ",
  いきいき百歳体操: "イキイキヒャクサイタイソウ",
  見守りウォーク: "ミマモリウォーク",
  健康マージャン教室: "ケンコウマージャンキョウシツ",
  野菜の販売と交換会: "ヤサイノハンバイトコウカンカイ",
  図書室カフェ: "トショシツカフェ",
  キッチンカーとバザー: "キッチンカートバザー",
  ものづくりワークショップ: "モノヅクリワークショップ",
  公園のリビング: "コウエンノリビング",
  修理カフェ: "シュウリカフェ",
  スマホ相談教室: "スマホソウダンキョウシツ",
  夜の書道教室: "ヨルノショドウキョウシツ",
  みんなの農園の日: "ミンナノノウエンノヒ",
  旧消防署カフェ: "キュウショウボウショカフェ",
  ふれあい卓球: "フレアイタッキュウ",
  ふれあいサロン: "フレアイサロン",
  子ども食堂こもれび: "コドモショクドウコモレビ",
  月末の茶話会: "ゲツマツノサワカイ",
  真弓コミュニティカフェ: "マユミコミュニティカフェ",
  移動販売: "イドウハンバイ",
  資源回収の日: "シゲンカイシュウノヒ",
  "防災講座「家庭でできる備え」": "ボウサイコウザ　カテイデデキルソナエ",
  みまもり茶話会: "ミマモリサワカイ",
  くらしと介護の相談会: "クラシトカイゴノソウダンカイ",
  "囲碁・将棋の会": "イゴ・ショウギノカイ",
  多世代カフェ: "タセダイカフェ",
  子ども食堂ひだまり: "コドモショクドウヒダマリ",
  放課後の学習会: "ホウカゴノガクシュウカイ",
};

function parseSchedule(spec: string, today: string) {
  const [kind, a = "", b = ""] = spec.split(":");
  const startDate = addToDate(today.slice(0, 8) + "01", { months: -1 });
  const days = (s: string) => s.split(",").map(Number);
  if (kind === "weekly") return { scheduleKind: "weekly" as const, weekdays: days(a), startDate };
  if (kind === "biweekly") return { scheduleKind: "weekly" as const, interval: 2, weekdays: days(a), startDate };
  if (kind === "monthly") return { scheduleKind: "monthly" as const, monthWeeks: days(a), weekdays: days(b), startDate };
  const date = addToDate(today, { days: Number(a.replace("+", "")) });
  return { scheduleKind: "once" as const, startDate: date };
}

/** Loads the demo activities unless some already exist. Returns whether it loaded them. */
export async function seedActivities(db: Db, now: Date = new Date()): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(activities);
  if ((existing?.n ?? 0) > 0) return false;
  const hubRows = await db.select({ id: hubs.id, name: hubs.name }).from(hubs);
  const hubIds = new Map(hubRows.map((h) => [h.name, h.id]));
  const categoryIds = new Map((await db.select({ id: categories.id, code: categories.code }).from(categories)).map((c) => [c.code, c.id]));
  const today = tokyoDate(now);
  const monthStart = tokyoInstant(`${today.slice(0, 8)}01`, "00:00");
  await db.transaction(async (tx) => {
    for (const [hubName, list] of Object.entries(byHub)) {
      const hubId = hubIds.get(hubName);
      if (!hubId) continue;
      for (const spec of list) {
        const { roles, schedule, time, category, ...fields } = spec;
        const [row] = await tx
          .insert(activities)
          .values({
            ...fields,
            titleKana: readings[spec.title] ?? null,
            ...parseSchedule(schedule, today),
            hubId,
            categoryId: categoryIds.get(category) ?? categoryIds.get("other") ?? 0,
            startTime: time[0],
            endTime: time[1],
          })
          .returning();
        if (!row) continue;
        // 年末年始 off for weekly series, as most halls close.
        if (row.scheduleKind === "weekly") {
          const year = Number(today.slice(0, 4));
          const closed = scheduleDates(scheduleOf(row), `${year}-12-29`, `${year + 1}-01-03`);
          if (closed.length > 0) await tx.update(activities).set({ exceptionDates: closed }).where(eq(activities.id, row.id));
        }
        await tx.insert(activityRoles).values(roles.map((role, i) => ({ ...role, activityId: row.id, sortOrder: i })));
        // From the first of this month, so the printed month and the hub's calendar are full.
        await syncFutureOccurrences(tx, row.id, monthStart);
      }
    }
    // One rained-off walk, so residents see how a cancelled session looks.
    const [walk] = await tx.select({ id: activities.id }).from(activities).where(eq(activities.title, "見守りウォーク"));
    if (walk) {
      const [nextWalk] = await tx
        .select({ id: occurrences.id })
        .from(occurrences)
        .where(and(eq(occurrences.activityId, walk.id), gt(occurrences.startsAt, now)))
        .orderBy(asc(occurrences.startsAt))
        .limit(1);
      if (nextWalk) await tx.update(occurrences).set({ status: "cancelled", cancelReason: "雨天中止" }).where(eq(occurrences.id, nextWalk.id));
    }
  });
  return true;
}
