import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { registerPublicEnglish } from "~/lib/i18n";

// A page shown in English needs the public groups' English texts before it hydrates (the server
// rendered them); a page in Japanese never downloads them (app/lib/i18n/index.ts).
const english = document.documentElement.lang === "en" ? import("~/lib/i18n/public-en").then((m) => registerPublicEnglish(m.publicEnglish)) : Promise.resolve();

void english.then(() =>
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  }),
);
