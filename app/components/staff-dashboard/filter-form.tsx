import { Form } from "@remix-run/react";
import { pickLabel, useLocale, useT } from "~/lib/i18n";
import { fiscalYearLabel, fiscalYearOf } from "~/lib/metrics/periods";
import type { DashboardData } from "./types";

function Select({ name, label, value, options }: { name: string; label: string; value?: number; options: { id: number; name: string }[] }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ""}>
        <option value="">{t("metrics.filters.any")}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The period and the selection (district, 自治会, kind, category) the figures are of. */
export function FilterForm({ query, options }: Pick<DashboardData, "query" | "options">) {
  const t = useT();
  const locale = useLocale();
  const currentYear = fiscalYearOf(new Date());
  const yearChoices = Array.from({ length: currentYear - 2019 + 2 }, (_, i) => 2019 + i).reverse();
  return (
    <section aria-labelledby="filters-title">
      <h2 id="filters-title">{t("metrics.filters.title")}</h2>
      {query.badRange ? (
        <div className="notice" role="alert">
          <p>{t("metrics.filters.badRange")}</p>
        </div>
      ) : null}
      <Form method="get" className="filter-form">
        <div className="field">
          <label htmlFor="f-fy">{t("metrics.filters.fiscalYear")}</label>
          <select id="f-fy" name="fy" defaultValue={query.period.fiscalYear ?? currentYear}>
            {yearChoices.map((y) => (
              <option key={y} value={y}>
                {fiscalYearLabel(y, locale)}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>{t("metrics.filters.custom")}</legend>
          <div className="field">
            <label htmlFor="f-from">{t("metrics.filters.from")}</label>
            <input id="f-from" name="from" type="date" defaultValue={query.period.fiscalYear === undefined ? query.period.from : ""} />
          </div>
          <div className="field">
            <label htmlFor="f-to">{t("metrics.filters.to")}</label>
            <input id="f-to" name="to" type="date" />
          </div>
        </fieldset>
        <Select name="district" label={t("metrics.filters.district")} value={query.filters.districtId} options={options.districts} />
        <Select name="association" label={t("metrics.filters.association")} value={query.filters.associationId} options={options.associations} />
        <Select
          name="kind"
          label={t("metrics.filters.kind")}
          value={query.filters.kindId}
          options={options.kinds.map((k) => ({ id: k.id, name: pickLabel(locale, k) }))}
        />
        <Select
          name="category"
          label={t("metrics.filters.category")}
          value={query.filters.categoryId}
          options={options.categories.map((c) => ({ id: c.id, name: pickLabel(locale, c) }))}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("metrics.filters.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
