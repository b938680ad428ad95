// The columns of the 推奨データセット (デジタル庁「自治体標準オープンデータセット」, the older edition
// cities still publish), in their order. Exports write exactly these headers; imports read them.

/** イベント一覧. */
export const eventColumns = [
  "都道府県コード又は市区町村コード",
  "NO",
  "都道府県名",
  "市区町村名",
  "イベント名",
  "イベント名_カナ",
  "イベント名_英語",
  "開始日",
  "終了日",
  "開始時間",
  "終了時間",
  "開始日時特記事項",
  "説明",
  "料金(基本)",
  "料金(詳細)",
  "連絡先名称",
  "連絡先電話番号",
  "連絡先内線番号",
  "主催者",
  "場所名称",
  "住所",
  "方書",
  "緯度",
  "経度",
  "アクセス方法",
  "駐車場情報",
  "定員",
  "参加申込終了日",
  "参加申込終了時間",
  "参加申込方法",
  "URL",
  "備考",
] as const;

/** 公共施設一覧. */
export const facilityColumns = [
  "都道府県コード又は市区町村コード",
  "NO",
  "都道府県名",
  "市区町村名",
  "名称",
  "名称_カナ",
  "名称_通称",
  "POIコード",
  "住所",
  "方書",
  "緯度",
  "経度",
  "電話番号",
  "内線番号",
  "法人番号",
  "団体名",
  "利用可能曜日",
  "開始時間",
  "終了時間",
  "利用可能日時特記事項",
  "説明",
  "バリアフリー情報",
  "URL",
  "備考",
] as const;

export type EventColumn = (typeof eventColumns)[number];
export type FacilityColumn = (typeof facilityColumns)[number];
