// Encryption at rest for the few support fields that name a person (docs/decisions/007).
// AES-256-GCM from node:crypto: authenticated, so a changed ciphertext fails to decrypt rather
// than decrypting to something else. Stored as "v1.<iv>.<tag>.<ciphertext>" (base64url).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { getEnv } from "./env.server";

const VERSION = "v1";
/** Binds a ciphertext to its column, so it cannot be copied into another field and read there. */
const DEFAULT_CONTEXT = "supported_persons.real_name";

/**
 * DEMO ONLY: a key derived from a public string, used when SUPPORT_DATA_KEY is not set outside
 * production. Anyone with the source code can decrypt data written with it.
 */
const DEMO_KEY = createHash("sha256").update("machinaeki DEMO support key — NOT SECRET, development only").digest();
/** The same DEMO key as SUPPORT_DATA_KEY would carry it, for `npm run demo` only. */
export const DEMO_SUPPORT_DATA_KEY = DEMO_KEY.toString("base64");

let warned = false;

/** The key from the environment, or the demo key outside production. */
export function supportDataKey(): Buffer {
  const env = getEnv();
  if (env.SUPPORT_DATA_KEY) return Buffer.from(env.SUPPORT_DATA_KEY, "base64");
  if (env.NODE_ENV === "production") throw new Error("SUPPORT_DATA_KEY is required in production");
  if (!warned && env.NODE_ENV === "development") {
    warned = true;
    console.warn("SUPPORT_DATA_KEY is not set: using the public DEMO key (development only).");
  }
  return DEMO_KEY;
}

export function encryptField(plaintext: string, key = supportDataKey(), context = DEFAULT_CONTEXT): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** The plaintext, or throws (without echoing the value) if the key is wrong or the data changed. */
export function decryptField(stored: string, key = supportDataKey(), context = DEFAULT_CONTEXT): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("unreadable encrypted field");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("encrypted field could not be decrypted (wrong key or altered data)");
  }
}
