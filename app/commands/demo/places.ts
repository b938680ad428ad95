import { count } from "drizzle-orm";
import type { Db } from "~/lib/db.server";
import { associations, districts, hubAssociations, hubKinds, hubs, landmarks } from "#db/schema";

// Demo places around Ikoma (生駒市). The neighbourhoods and stations are real; the hubs, street
// numbers, phone numbers and e-mail addresses are invented. Phone numbers use the unassigned
// exchange 00 and e-mail the reserved example.jp domain.

const kinds = [
  { code: "machinaeki", labelJa: "まちなえき", labelEn: "Machinaeki hub" },
  { code: "shukaijo", labelJa: "集会所", labelEn: "Community hall" },
  { code: "jichikaikan", labelJa: "自治会館", labelEn: "Association hall" },
  { code: "library_cafe", labelJa: "図書室カフェ", labelEn: "Library café" },
  { code: "kominkan", labelJa: "公民館", labelEn: "Public hall" },
  { code: "ibasho", labelJa: "居場所", labelEn: "Drop-in place" },
  { code: "kodomo_shokudo", labelJa: "子ども食堂", labelEn: "Children's cafeteria" },
  { code: "park", labelJa: "公園", labelEn: "Park" },
];

const districtRows = [
  { name: "鹿ノ台", lat: 34.744, lng: 135.73 },
  { name: "真弓", lat: 34.7335, lng: 135.7365 },
  { name: "白庭台", lat: 34.7262, lng: 135.7282 },
  { name: "萩の台", lat: 34.7215, lng: 135.7165 },
  { name: "さつき台", lat: 34.7178, lng: 135.6852 },
  { name: "生駒台", lat: 34.7115, lng: 135.6905 },
  { name: "ひかりが丘", lat: 34.7052, lng: 135.7148 },
  { name: "俵口", lat: 34.7002, lng: 135.6962 },
  { name: "中央", lat: 34.6925, lng: 135.701 },
  { name: "東生駒", lat: 34.6888, lng: 135.7185 },
  { name: "西菜畑", lat: 34.6745, lng: 135.6935 },
  { name: "北小平尾", lat: 34.6632, lng: 135.7052 },
  { name: "壱分", lat: 34.6558, lng: 135.6948 },
  { name: "南生駒", lat: 34.6455, lng: 135.6992 },
  // The rural north: residents, no hub yet (the coverage view lists them first).
  { name: "高山", lat: 34.7735, lng: 135.7385 },
  { name: "北田原", lat: 34.7452, lng: 135.7052 },
];

const stationRows = [
  { name: "生駒駅", lat: 34.6917, lng: 135.7006 },
  { name: "東生駒駅", lat: 34.6893, lng: 135.717 },
  { name: "菜畑駅", lat: 34.6768, lng: 135.699 },
  { name: "一分駅", lat: 34.6557, lng: 135.6962 },
  { name: "南生駒駅", lat: 34.6463, lng: 135.6986 },
  { name: "白庭台駅", lat: 34.727, lng: 135.7296 },
  { name: "学研北生駒駅", lat: 34.729, lng: 135.7425 },
];

/** 自治会 by district. */
const associationRows: Record<string, string[]> = {
  鹿ノ台: ["鹿ノ台北自治会", "鹿ノ台南自治会", "鹿ノ台東自治会"],
  真弓: ["真弓自治会", "真弓南自治会"],
  白庭台: ["白庭台自治会"],
  萩の台: ["萩の台自治会", "萩の台南自治会"],
  さつき台: ["さつき台一丁目自治会", "さつき台二丁目自治会"],
  生駒台: ["生駒台自治会", "生駒台南自治会"],
  ひかりが丘: ["ひかりが丘自治会"],
  俵口: ["俵口町自治会"],
  中央: ["元町一丁目自治会", "桜ヶ丘自治会"],
  東生駒: ["東生駒一丁目自治会"],
  西菜畑: ["西菜畑町自治会"],
  北小平尾: ["北小平尾自治会"],
  壱分: ["壱分町自治会"],
  南生駒: ["小瀬町自治会"],
};

interface DemoHub {
  name: string;
  /** 名称_カナ and 駐車場情報, as the open data sets publish them. */
  nameKana: string;
  parkingInfo: string;
  kind: string;
  district: string;
  address: string;
  lat: number;
  lng: number;
  description: string;
  accessibility: string[];
  associations: string[];
  contactPhone?: string;
  contactEmail?: string;
  contactNote?: string;
  /** 通いの場 return: set by staff (the others keep the defaults, shown as 既定). */
  kayoiOperator?: "resident_group" | "social_welfare_council";
  kayoiVenue?: "public_facility" | "private_home";
}

export const demoHubs: DemoHub[] = [
  {
    name: "萩の台まちなえき",
    nameKana: "ハギノダイマチナエキ",
    parkingInfo: "なし（自転車は自治会館前に停められます）",
    kind: "machinaeki",
    district: "萩の台",
    address: "奈良県生駒市萩の台2丁目5-8 萩の台自治会館",
    lat: 34.7221,
    lng: 135.7158,
    description:
      "自治会館の前が資源回収ステーション。回収日にはカフェを開き、健康チェックや物々交換、地元野菜の販売もしています。\n買い物ついでに、ひと休みしていってください。",
    accessibility: ["step_free", "chairs", "bicycle_parking"],
    associations: ["萩の台自治会", "萩の台南自治会"],
    contactPhone: "0743-00-1101",
    contactNote: "自治会館に平日10時〜12時は当番がいます。",
  },
  {
    name: "さつき台図書室カフェ",
    nameKana: "サツキダイトショシツカフェ",
    parkingInfo: "なし",
    kind: "library_cafe",
    district: "さつき台",
    address: "奈良県生駒市さつき台1丁目320-4 さつき台集会所",
    lat: 34.7183,
    lng: 135.6846,
    description:
      "住民から寄贈された約500冊の本が並ぶ小さな図書室カフェ。毎週の百歳体操のあとは、野菜の販売とお茶の時間です。ボランティア約20名で運営しています。",
    accessibility: ["step_free", "wheelchair_toilet", "chairs"],
    associations: ["さつき台一丁目自治会", "さつき台二丁目自治会"],
    contactEmail: "satsukidai-cafe@example.jp",
  },
  {
    name: "生駒台まちなえき",
    nameKana: "イコマダイマチナエキ",
    parkingInfo: "5台（集会所前）",
    kind: "machinaeki",
    district: "生駒台",
    address: "奈良県生駒市生駒台北15-2 生駒台集会所",
    lat: 34.7126,
    lng: 135.6898,
    description: "キッチンカーやバザー、手づくりワークショップ、子どもコーナーもある、にぎやかな集いの場です。",
    accessibility: ["chairs", "nursing_room", "parking"],
    associations: ["生駒台自治会"],
    contactPhone: "0743-00-1203",
  },
  {
    name: "ひかりが丘 公園のリビング",
    nameKana: "ヒカリガオカ　コウエンノリビング",
    parkingInfo: "なし（近くのコインパーキングをご利用ください）",
    kind: "park",
    district: "ひかりが丘",
    address: "奈良県生駒市ひかりが丘3丁目 ひかりが丘第2公園",
    lat: 34.7058,
    lng: 135.7141,
    description:
      "公園にテーブルと椅子を出して「リビング」に。壊れた傘やおもちゃを直す修理コーナーもあります。雨天は近くの集会所で開きます。",
    accessibility: ["step_free", "chairs"],
    associations: ["ひかりが丘自治会"],
    contactNote: "雨天時の会場は当日朝に集会所の掲示板でお知らせします。",
  },
  {
    name: "西菜畑町 ご近所先生の会",
    nameKana: "ニシナバタチョウ　ゴキンジョセンセイノカイ",
    parkingInfo: "2台（使うときは事前に連絡してください）",
    kind: "kominkan",
    district: "西菜畑",
    address: "奈良県生駒市西菜畑町1880-2 西菜畑町公民館",
    lat: 34.6741,
    lng: 135.6928,
    description: "スマホの使い方、筆ペン、体操など、得意なことを持ち寄ってご近所同士で教え合う会です。",
    accessibility: ["chairs", "hearing_loop", "near_bus_stop"],
    associations: ["西菜畑町自治会"],
    contactPhone: "0743-00-1305",
  },
  {
    name: "北小平尾 みんなの農園",
    nameKana: "キタオビラオ　ミンナノノウエン",
    parkingInfo: "農園横に4台",
    kind: "park",
    district: "北小平尾",
    address: "奈良県生駒市北小平尾町210付近 コミュニティ農園",
    lat: 34.6628,
    lng: 135.7061,
    description: "1歳から73歳までが一緒に土に触れるコミュニティ農園。水やり当番や収穫祭の準備を手伝ってくれる人を募集中です。",
    accessibility: ["parking"],
    associations: ["北小平尾自治会"],
    contactEmail: "kitaobirao-farm@example.jp",
  },
  {
    name: "鹿ノ台 旧消防署カフェ",
    nameKana: "シカノダイ　キュウショウボウショカフェ",
    parkingInfo: "8台（うち車いす用1台）",
    kind: "machinaeki",
    district: "鹿ノ台",
    address: "奈良県生駒市鹿ノ台東2丁目1-15 旧鹿ノ台分署",
    lat: 34.7446,
    lng: 135.7312,
    description:
      "元消防署を改修したカフェを週3日開いています。コーヒーとお菓子で150円。卓球台と子どものスペースもあり、約75名のボランティアが交代で運営しています。",
    accessibility: ["step_free", "wheelchair_toilet", "chairs", "parking", "nursing_room"],
    associations: ["鹿ノ台北自治会", "鹿ノ台南自治会", "鹿ノ台東自治会"],
    contactPhone: "0743-00-1407",
    contactEmail: "shikanodai-cafe@example.jp",
    kayoiOperator: "resident_group",
    kayoiVenue: "public_facility",
  },
  {
    name: "元町集会所サロン",
    nameKana: "モトマチシュウカイジョサロン",
    parkingInfo: "なし（生駒駅周辺の駐車場をご利用ください）",
    kind: "shukaijo",
    district: "中央",
    address: "奈良県生駒市元町1丁目6-12 元町集会所",
    lat: 34.6931,
    lng: 135.7018,
    description: "駅から歩いてすぐの集会所で、月2回の茶話会と脳トレをしています。初めての方も歓迎です。",
    accessibility: ["step_free", "chairs", "near_bus_stop"],
    associations: ["元町一丁目自治会"],
    contactPhone: "0743-00-1509",
  },
  {
    name: "東生駒 子ども食堂こもれび",
    nameKana: "ヒガシイコマ　コドモショクドウコモレビ",
    parkingInfo: "なし",
    kind: "kodomo_shokudo",
    district: "東生駒",
    address: "奈良県生駒市東生駒1丁目70-3 東生駒集会所",
    lat: 34.6884,
    lng: 135.7192,
    description: "月に一度の子ども食堂。子どもは無料、大人300円。宿題コーナーもあります。",
    accessibility: ["step_free", "nursing_room", "chairs"],
    associations: ["東生駒一丁目自治会"],
    contactEmail: "komorebi@example.jp",
  },
  {
    name: "俵口 ふれあいサロン",
    nameKana: "タワラグチ　フレアイサロン",
    parkingInfo: "1台（車いすの方を優先）",
    kind: "shukaijo",
    district: "俵口",
    address: "奈良県生駒市俵口町450-1 俵口町集会所",
    lat: 34.7009,
    lng: 135.6955,
    description: "歌声喫茶と体操の会。移動販売車が来る水曜日には買い物のついでに寄っていく方も多いです。",
    accessibility: ["chairs", "near_bus_stop"],
    associations: ["俵口町自治会"],
    contactPhone: "0743-00-1611",
  },
  {
    name: "真弓まちなえき",
    nameKana: "マユミマチナエキ",
    parkingInfo: "3台",
    kind: "machinaeki",
    district: "真弓",
    address: "奈良県生駒市真弓2丁目9-1 真弓自治会館",
    lat: 34.7329,
    lng: 135.7371,
    description: "見守りを兼ねた朝のウォーキングと、自治会館でのモーニングカフェ。防災倉庫の点検日は誰でも見学できます。",
    accessibility: ["step_free", "chairs", "wheelchair_toilet"],
    associations: ["真弓自治会", "真弓南自治会"],
    contactPhone: "0743-00-1713",
  },
  {
    name: "桜ヶ丘自治会館",
    nameKana: "サクラガオカジチカイカン",
    parkingInfo: "なし",
    kind: "jichikaikan",
    district: "中央",
    address: "奈良県生駒市桜ヶ丘3-21 桜ヶ丘自治会館",
    lat: 34.6868,
    lng: 135.7066,
    description: "囲碁・将棋の会と、月1回の健康講座。自治会館の和室でゆっくり過ごせます。",
    accessibility: ["chairs"],
    associations: ["桜ヶ丘自治会"],
    contactNote: "自治会の回覧板でも予定をお知らせしています。",
  },
  {
    name: "壱分 みまもり茶話会",
    nameKana: "イチブ　ミマモリサワカイ",
    parkingInfo: "なし",
    kind: "ibasho",
    district: "壱分",
    address: "奈良県生駒市壱分町88-5 壱分町集会所",
    lat: 34.6563,
    lng: 135.6953,
    description: "ひとり暮らしの方も気軽に立ち寄れる茶話会。民生委員さんも顔を出します。",
    accessibility: ["step_free", "chairs", "near_bus_stop"],
    associations: ["壱分町自治会"],
    contactPhone: "0743-00-1815",
  },
  {
    name: "南生駒 つどいの家",
    nameKana: "ミナミイコマ　ツドイノイエ",
    parkingInfo: "2台",
    kind: "ibasho",
    district: "南生駒",
    address: "奈良県生駒市小瀬町530-2",
    lat: 34.6449,
    lng: 135.6999,
    description: "空き家を活かした地域の居場所。手芸の会、パソコン相談、週末の昼食会があります。",
    accessibility: ["chairs"],
    associations: ["小瀬町自治会"],
    contactEmail: "tsudoi-minamiikoma@example.jp",
    kayoiOperator: "social_welfare_council",
    kayoiVenue: "private_home",
  },
  {
    name: "白庭台まちなえき",
    nameKana: "シラニワダイマチナエキ",
    parkingInfo: "なし（白庭台駅前の駐車場をご利用ください）",
    kind: "machinaeki",
    district: "白庭台",
    address: "奈良県生駒市白庭台4丁目2-10 白庭台集会所",
    lat: 34.7258,
    lng: 135.7277,
    description: "駅前の集会所で、フリーマーケットと子育てひろばを開いています。ベビーカーでもどうぞ。",
    accessibility: ["step_free", "wheelchair_toilet", "nursing_room", "near_bus_stop"],
    associations: ["白庭台自治会"],
    contactPhone: "0743-00-1917",
  },
  {
    name: "生駒台南 子ども食堂ひだまり",
    nameKana: "イコマダイミナミ　コドモショクドウヒダマリ",
    parkingInfo: "3台",
    kind: "kodomo_shokudo",
    district: "生駒台",
    address: "奈良県生駒市生駒台南88-1 生駒台南集会所",
    lat: 34.7092,
    lng: 135.6921,
    description: "毎月第3土曜のお昼に開く子ども食堂。食材の寄付も受け付けています。",
    accessibility: ["chairs", "nursing_room"],
    associations: ["生駒台南自治会", "生駒台自治会"],
    contactEmail: "hidamari@example.jp",
  },
];

/** Loads kinds, districts, 自治会, stations and hubs, unless hubs already exist. */
export async function seedPlaces(db: Db): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(hubs);
  if ((existing?.n ?? 0) > 0) return false;
  await db.transaction(async (tx) => {
    const kindIds = new Map<string, number>();
    for (const [i, kind] of kinds.entries()) {
      const [row] = await tx
        .insert(hubKinds)
        .values({ ...kind, sortOrder: i })
        .onConflictDoUpdate({ target: hubKinds.code, set: { labelJa: kind.labelJa } })
        .returning({ id: hubKinds.id });
      if (row) kindIds.set(kind.code, row.id);
    }
    const districtIds = new Map<string, number>();
    const insertedDistricts = await tx.insert(districts).values(districtRows).returning({ id: districts.id, name: districts.name });
    for (const row of insertedDistricts) districtIds.set(row.name, row.id);
    await tx.insert(landmarks).values(stationRows);
    const associationIds = new Map<string, number>();
    for (const [district, names] of Object.entries(associationRows)) {
      const rows = await tx
        .insert(associations)
        .values(names.map((name) => ({ name, districtId: districtIds.get(district) ?? 0 })))
        .returning({ id: associations.id, name: associations.name });
      for (const row of rows) associationIds.set(row.name, row.id);
    }
    for (const hub of demoHubs) {
      const { kind, district, associations: served, ...fields } = hub;
      const [row] = await tx
        .insert(hubs)
        .values({ ...fields, kindId: kindIds.get(kind) ?? 0, districtId: districtIds.get(district) ?? 0 })
        .returning({ id: hubs.id });
      if (!row) continue;
      await tx
        .insert(hubAssociations)
        .values(served.map((name) => ({ hubId: row.id, associationId: associationIds.get(name) ?? 0 })));
    }
  });
  return true;
}
