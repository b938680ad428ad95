import { z } from "zod";
import { isCommonPassword } from "./common-passwords";

// Form schemas shared by the server (validation) and the page (field attributes). Messages are
// dictionary keys; the page shows them in the person's language.

export const PASSWORD_MIN = 8;
/** ASVS 2.1.2 asks for at least 64; 128 leaves room for passphrases. */
export const PASSWORD_MAX = 128;
export const DISPLAY_NAME_MAX = 40;

/** Counts characters as a person does (an emoji or a kanji is one), not UTF-16 units. */
const length = (value: string) => [...value].length;

export const emailField = z
  .string()
  .trim()
  .min(1, "field.email.required")
  .max(254, "field.email.invalid")
  .email("field.email.invalid")
  .transform((value) => value.toLowerCase());

/** A new password: 8–128 characters, not one of the most common. Never trimmed. */
export const newPasswordField = z
  .string()
  .min(1, "field.password.required")
  .refine((value) => length(value) >= PASSWORD_MIN, "field.password.tooShort")
  .refine((value) => length(value) <= PASSWORD_MAX, "field.password.tooLong")
  .refine((value) => !isCommonPassword(value), "field.password.common");

export const displayNameField = z
  .string()
  .trim()
  .min(1, "field.displayName.required")
  .refine((value) => length(value) <= DISPLAY_NAME_MAX, "field.displayName.tooLong");

export const loginSchema = z.object({
  email: emailField,
  password: z.string().min(1, "field.password.required").max(1024, "field.password.required"),
});

export const signupSchema = z.object({
  email: emailField,
  displayName: displayNameField,
  password: newPasswordField,
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "field.currentPassword.required"),
  newPassword: newPasswordField,
});

export const deleteAccountSchema = z.object({
  password: z.string().min(1, "field.password.required"),
  confirm: z.literal("yes", { errorMap: () => ({ message: "field.confirmDelete.required" }) }),
});
