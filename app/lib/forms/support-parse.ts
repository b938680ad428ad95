import { formArray, formObject } from "./parse";

/** The person form as `personSchema` reads it: every text field, and the ticked constraints as a list. */
export function personInput(form: FormData) {
  return { ...formObject(form), constraints: formArray(form, "constraints") };
}
