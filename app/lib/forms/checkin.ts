import { z } from "zod";

// The code an organiser types (or the camera fills in) at the door, or reads back from a caller
// who cancels: 「ABCD-2345」, 「abcd2345」, full width, or a scanned "MACHINAEKI:ABCD2345". The
// service normalises it (normaliseCode); here only its presence and a sane length.
export const CODE_INPUT_MAX = 40;

export const codeSchema = z.object({
  code: z.string().trim().min(1, "checkin.error.code").max(CODE_INPUT_MAX, "checkin.error.code"),
});
