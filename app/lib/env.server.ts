import { z } from "zod";
import { isLocalGovernmentCode } from "./local-government-code";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Number of proxies in front of the app whose X-Forwarded-For may be trusted. */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL statement and lock timeout in ms (0 = none): a stuck query answers 503, not a hang. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  PGLITE_DATA_DIR: z.string().default("./data/pglite"),
  /** The origin people reach us at (https://…); defaults to the request's own host. */
  PUBLIC_ORIGIN: z.string().url().optional(),
  /** Mail goes out only when this is set: smtp://user:pass@host:587 or smtps://…:465. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default("まちなえき <no-reply@machinaeki.invalid>"),
  MAP_TILE_URL: z.string().default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  MAP_TILE_ATTRIBUTION: z
    .string()
    .default('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
  /**
   * AES-256-GCM key for the supported persons' real names (base64 of 32 random bytes:
   * `openssl rand -base64 32`). Required in production; elsewhere a public demo key is used.
   */
  SUPPORT_DATA_KEY: z
    .string()
    .optional()
    .or(z.literal("").transform(() => undefined))
    .refine((value) => value === undefined || Buffer.from(value, "base64").length === 32, "must be base64 of exactly 32 bytes"),
  /** Days a supported person's record is kept after their support ended; then it is anonymised. */
  SUPPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(1095),
  /** Days after their last session that residents' application names and contacts are kept. */
  APPLICATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /**
   * Whether the session cookie is `Secure` and `__Host-` (HTTPS only). Unset: on in production,
   * off elsewhere. `npm run demo` sets "false" so a phone on the LAN can log in over plain http;
   * real use stays on HTTPS with it on.
   */
  /**
   * The deployment's municipality, as open data names it: 全国地方公共団体コード (six digits, the
   * last a check digit), 都道府県名 and 市区町村名. Defaults: the demo city, 生駒市.
   */
  MUNICIPALITY_CODE: z.string().refine(isLocalGovernmentCode, "must be a 6-digit 全国地方公共団体コード with its check digit").default("292095"),
  PREFECTURE_NAME: z.string().min(1).default("奈良県"),
  MUNICIPALITY_NAME: z.string().min(1).default("生駒市"),
  /** Licence of the open data sets on /opendata (name and URL). */
  OPEN_DATA_LICENCE: z.string().min(1).default("CC BY 4.0"),
  OPEN_DATA_LICENCE_URL: z.string().url().default("https://creativecommons.org/licenses/by/4.0/deed.ja"),
  COOKIE_SECURE: z
    .string()
    .optional()
    .refine((value) => !value || value === "true" || value === "false", 'must be "true" or "false"'),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV === "production" && !env.SUPPORT_DATA_KEY) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["SUPPORT_DATA_KEY"], message: "is required in production (base64 of 32 bytes)" });
  }
}).transform(({ COOKIE_SECURE, ...env }) => ({
  ...env,
  COOKIE_SECURE: COOKIE_SECURE ? COOKIE_SECURE === "true" : env.NODE_ENV === "production",
}));

export type Env = z.infer<typeof schema>;

/** Validates `source`; a bad variable gives an error naming each one and what is wrong. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return parsed.data;
}

let cached: Env | undefined;

/** The process environment, validated once; a bad variable stops start-up with a clear message. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The only configuration the browser may see. */
export function getPublicEnv() {
  const env = getEnv();
  return { mapTileUrl: env.MAP_TILE_URL, mapTileAttribution: env.MAP_TILE_ATTRIBUTION };
}
export type PublicEnv = ReturnType<typeof getPublicEnv>;
