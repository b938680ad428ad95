import type { ShownFlash } from "~/lib/flash";

/** The one-time message of the last save, at the top of the page's content. */
export function FlashMessage({ flash }: { flash: ShownFlash | null }) {
  if (!flash) return null;
  return (
    <p className={flash.tone} role="status">
      {flash.text}
    </p>
  );
}
