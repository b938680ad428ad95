import { useLocation } from "@remix-run/react";
import { useRef } from "react";

/**
 * The `key` of a form that stays on its page after a save. A successful save redirects back here,
 * a new location, so the key changes and React draws the form again from the loader's values:
 * empty for the next entry. Without it the browser keeps the last entry in the fields (a second
 * role inherited the first one's load tags, a second guest the first one's memo). While the
 * answer is a refusal (`refused`: the page has action data), the key stays, so what the person
 * typed stays in every form beside the errors. Forms side by side need keys of their own
 * (`key={`roles-${formKey}`}`): two siblings with one key are drawn twice by React.
 */
export function useFormKey(refused: boolean): string {
  const { key } = useLocation();
  const kept = useRef(key);
  if (!refused) kept.current = key;
  return kept.current;
}
