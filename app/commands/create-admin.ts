// `npm run admin:create -- --email you@city.example.jp [--name "氏名"] [--password-stdin]`
// Makes the first real administrator on DATABASE_URL (or the embedded database). Without
// --password-stdin a random password is generated and printed once: log in and change it at
// /account. If the e-mail already has an account, that account is given the admin role.
import { randomBytes } from "node:crypto";
import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { hashPassword } from "~/lib/auth.server";
import { closeDatabase, getDatabase } from "~/lib/db.server";
import { displayNameField, emailField, newPasswordField } from "~/lib/forms/accounts";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import { createAccount, findUserByEmail, setDisabled, setRoles } from "~/services/accounts.server";
import { listRoles } from "~/services/permissions.server";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string", default: "管理者" },
    "password-stdin": { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const email = emailField.safeParse(values.email ?? "");
if (!email.success) fail(`--email: ${serverTranslate("en", "field.email.invalid")}`);
const name = displayNameField.safeParse(values.name);
if (!name.success) fail(`--name: ${serverTranslate("en", "field.displayName.required")}`);

let password: string;
let generated = false;
if (values["password-stdin"]) {
  password = (await text(process.stdin)).replace(/\r?\n$/, "");
  const checked = newPasswordField.safeParse(password);
  if (!checked.success) fail(`password: ${serverTranslate("en", checked.error.issues[0]?.message === "field.password.common" ? "field.password.common" : "field.password.tooShort")}`);
} else {
  password = randomBytes(18).toString("base64url");
  generated = true;
}

const handle = await getDatabase();
const db = handle.db;
try {
  const existing = await findUserByEmail(db, email.data);
  if (existing) {
    const roles = await listRoles(db, existing.id);
    if (!roles.includes("admin")) await setRoles(db, { actorUserId: existing.id, userId: existing.id, roles: [...roles, "admin"], ip: null });
    if (existing.disabledAt) await setDisabled(db, { actorUserId: existing.id, userId: existing.id, disabled: false, ip: null });
    console.log(`${email.data} already had an account; it now has the admin role. Its password is unchanged.`);
  } else {
    await createAccount(
      db,
      { email: email.data, displayName: name.data, passwordHash: await hashPassword(password), roles: ["admin"] },
      { action: "account.created_by_admin", ip: null, details: { via: "admin:create" } },
    );
    console.log(`Admin account created for ${email.data}.`);
    if (generated) console.log(`Password (shown once; log in and change it at /account): ${password}`);
  }
} finally {
  await closeDatabase();
}
