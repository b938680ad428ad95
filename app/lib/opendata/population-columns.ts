// The columns of the 推奨データセット「地域・年齢別人口」 (デジタル庁 自治体標準オープンデータセット),
// in their order: the district, 総人口, men and women, then men and women by 5-year band up to
// 85歳以上, then 世帯数. The newer edition names the first columns 全国地方公共団体コード and
// 地方公共団体名; both are accepted.

/** The 18 bands, as the data set names them and `district_populations.male/female` index them. */
export const ageBands = ["0-4歳", "5-9歳", "10-14歳", "15-19歳", "20-24歳", "25-29歳", "30-34歳", "35-39歳", "40-44歳", "45-49歳", "50-54歳", "55-59歳", "60-64歳", "65-69歳", "70-74歳", "75-79歳", "80-84歳", "85歳以上"] as const;

/** Index of 65-69歳: bands from here on are 65歳以上 (the database's generated column agrees). */
export const AGED_65_FIRST_BAND = 13;

export const maleBandColumns = ageBands.map((band) => `${band}の男性`);
export const femaleBandColumns = ageBands.map((band) => `${band}の女性`);

export const populationColumns = [
  "都道府県コード又は市区町村コード",
  "全国地方公共団体コード",
  "地域コード",
  "都道府県名",
  "市区町村名",
  "地方公共団体名",
  "調査年月日",
  "地域名",
  "総人口",
  "男性",
  "女性",
  ...ageBands.flatMap((band) => [`${band}の男性`, `${band}の女性`]),
  "世帯数",
  "備考",
] as const;
