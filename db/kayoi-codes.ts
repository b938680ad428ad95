// The lists of the 介護予防・日常生活支援総合事業 survey's 通いの場 return (厚生労働省「介護予防事業及び
// 介護予防・日常生活支援総合事業の実施状況に関する調査」), as codes the database's CHECK constraints list
// (migration 0026). Labels live in the i18n dictionary (`kayoi.*`); the mapping from our activity
// categories to 主な活動内容 is in app/lib/kayoi.ts.

/** 運営主体. */
export const kayoiOperators = [
  "resident_individual", // 住民個人
  "resident_group", // 住民団体
  "municipality", // 行政
  "social_welfare_council", // 社会福祉協議会
  "professional_body", // 専門職団体
  "medical_institution", // 医療機関
  "care_provider", // 介護関係施設・事業所
  "private_company", // 民間企業
  "other", // その他
] as const;
export type KayoiOperator = (typeof kayoiOperators)[number];

/** 場所 (where the 通いの場 meets). */
export const kayoiVenues = [
  "private_home", // 個人宅・空き家
  "community_hall", // 公民館・自治会館・集会所
  "park", // 公園
  "farm", // 農園
  "school", // 学校・廃校
  "care_facility", // 介護関係施設
  "medical_facility", // 医療機関
  "shop", // 商業施設・店舗
  "public_facility", // その他の公共施設
  "other", // その他
] as const;
export type KayoiVenue = (typeof kayoiVenues)[number];

/** 主な活動内容. */
export const kayoiActivities = [
  "exercise", // 体操（運動）
  "meal", // 会食
  "tea_salon", // 茶話会
  "dementia_prevention", // 認知症予防
  "hobby", // 趣味活動
  "farming", // 農作業
  "lifelong_learning", // 生涯学習
  "volunteering", // ボランティア活動
  "work", // 就労的活動
  "multigenerational", // 多世代交流
  "other", // その他
] as const;
export type KayoiActivity = (typeof kayoiActivities)[number];
