import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { decryptField, encryptField } from "~/lib/support-crypto.server";

describe("support field encryption (AES-256-GCM)", () => {
  const key = randomBytes(32);

  test("round-trips, and the stored form does not contain the plaintext", () => {
    const stored = encryptField("生駒 花子", key);
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored).not.toContain("生駒");
    expect(decryptField(stored, key)).toBe("生駒 花子");
  });

  test("the same name encrypts differently each time (random IV)", () => {
    expect(encryptField("同じ名前", key)).not.toBe(encryptField("同じ名前", key));
  });

  test("a wrong key, altered data or another column's context fail without echoing the value", () => {
    const stored = encryptField("生駒 花子", key);
    expect(() => decryptField(stored, randomBytes(32))).toThrowError(/could not be decrypted/);
    const parts = stored.split(".");
    const flipped = Buffer.from(parts[3] ?? "", "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => decryptField([parts[0], parts[1], parts[2], flipped.toString("base64url")].join("."), key)).toThrowError(/could not be decrypted/);
    expect(() => decryptField(stored, key, "another.column")).toThrowError(/could not be decrypted/);
    try {
      decryptField(stored, randomBytes(32));
    } catch (error) {
      expect(String(error)).not.toContain("生駒");
    }
  });
});
