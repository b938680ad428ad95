import { z } from "zod";
import { isKayoiOperator, isKayoiVenue } from "../kayoi";

// A hub's 運営主体 and 場所 for the 通いの場 return (/staff/kayoi/hubs/:hubId). Empty means "keep the
// default" (the column stays null). The database refuses any other code too (migration 0026).
export const kayoiSettingsSchema = z.object({
  kayoiOperator: z
    .preprocess((v) => v ?? "", z.string())
    .transform((v) => v.trim())
    .refine((v) => v === "" || isKayoiOperator(v), "kayoi.error.operator")
    .transform((v) => (isKayoiOperator(v) ? v : null)),
  kayoiVenue: z
    .preprocess((v) => v ?? "", z.string())
    .transform((v) => v.trim())
    .refine((v) => v === "" || isKayoiVenue(v), "kayoi.error.venue")
    .transform((v) => (isKayoiVenue(v) ? v : null)),
});
export type KayoiSettingsForm = z.output<typeof kayoiSettingsSchema>;
