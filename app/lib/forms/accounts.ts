import { z } from "zod";

// Form schemas shared by the server (validation) and the page (field attributes). Messages are
// dictionary keys; the page shows them in the person's language.

export const PASSWORD_MIN = 8;
/** ASVS 2.1.2 asks for at least 64; 128 leaves room for passphrases. */
export const PASSWORD_MAX = 128;
export const DISPLAY_NAME_MAX = 40;

const email = z
  .string()
  .trim()
  .min(1, "field.email.required")
  .max(254, "field.email.invalid")
  .email("field.email.invalid")
  .transform((value) => value.toLowerCase());

export const loginSchema = z.object({
  email,
  // Never trimmed: spaces are part of a password.
  password: z.string().min(1, "field.password.required").max(1024, "field.password.required"),
});
