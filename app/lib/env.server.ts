import { z } from "zod";

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
});

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
