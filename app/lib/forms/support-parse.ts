import { formArray, formObject, parseWith, type FieldErrors } from "./parse";
import { personSchema } from "./support";

/** The person form as submitted (checkbox values collected), validated. */
export function parsePersonForm(form: FormData) {
  return parseWith(personSchema, { ...formObject(form), constraints: formArray(form, "constraints") });
}

/** The field error for a Conflict the person services raise (`caseCode` or `districtId`). */
export function personConflictErrors(field: string): FieldErrors {
  return field === "districtId" ? { districtId: "support.field.district.invalid" } : { caseCode: "support.field.caseCode.taken" };
}
