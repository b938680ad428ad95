import { formArray, formObject, parseWith } from "./parse";
import { personSchema } from "./support";

/** The person form as submitted (checkbox values collected), validated. */
export function parsePersonForm(form: FormData) {
  return parseWith(personSchema, { ...formObject(form), constraints: formArray(form, "constraints") });
}
