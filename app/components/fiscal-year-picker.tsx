import { Form } from "@remix-run/react";
import { useLocale } from "~/lib/i18n";
import { fiscalYearLabel } from "~/lib/metrics/periods";

/** A 年度 chosen from a list, sent as `?fy=` by a plain GET form (works without JavaScript). */
export function FiscalYearPicker({ id, label, submitLabel, years, value }: { id: string; label: string; submitLabel: string; years: number[]; value: number }) {
  const locale = useLocale();
  return (
    <Form method="get" className="filter-form">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select id={id} name="fy" defaultValue={value}>
          {years.map((year) => (
            <option key={year} value={year}>
              {fiscalYearLabel(year, locale)}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="button secondary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
