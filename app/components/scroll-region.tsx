import type { ReactNode } from "react";

/**
 * A box that scrolls sideways (wide tables on a phone). It takes focus so keyboard users can
 * scroll it too (WCAG 2.1.1), and is a named region so the focus stop makes sense when read out.
 */
export function ScrollRegion({ label, className = "", children }: { label: string; className?: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard
    <div className={`table-scroll ${className}`} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
