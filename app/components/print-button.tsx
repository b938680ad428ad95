import { useHydrated } from "./client-only";

/** Opens the browser's print dialog; without JavaScript the browser's own menu prints the page. */
export function PrintButton({ label }: { label: string }) {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      {label}
    </button>
  );
}
