import { z } from "zod";

// The organiser's roster form (/organise/occurrences/:id), shared by the server and the page.

export const GUEST_NAME_MAX = 100;
export const GUEST_NOTE_MAX = 200;

/** A guest entered by the organiser (someone who signed up by phone or at the door). */
export const guestSchema = z.object({
  guestName: z.string().trim().min(1, "signup.error.guest_name").max(GUEST_NAME_MAX, "signup.error.guest_name"),
  // A longer note is cut, as the field's maxLength would.
  guestNote: z
    .string()
    .optional()
    .transform((value) => (value ?? "").slice(0, GUEST_NOTE_MAX).trim()),
});
