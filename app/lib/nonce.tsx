// The per-request CSP nonce, for the scripts Remix renders (docs/decisions/010-content-security-policy.md).
// The server provides it in entry.server; in the browser it is "" (browsers hide nonce attributes).
import { createContext, useContext } from "react";

export const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
