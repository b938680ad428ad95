// Demo accounts the e2e server has (db/demo/accounts.ts; password "demo-password").
// Log in with the `login` fixture from ./fixtures: `await login(demo.organiser)`.
export const demo = {
  admin: "admin@example.jp",
  staff: "staff@example.jp",
  coordinator: "coordinator@example.jp",
  organiser: "organiser@example.jp",
  volunteer: "volunteer@example.jp",
} as const;
