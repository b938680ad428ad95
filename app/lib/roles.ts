/** Roles granted on top of the volunteer account every person has. Client-safe. */
export const roleNames = ["organiser", "coordinator", "staff", "admin"] as const;
export type RoleName = (typeof roleNames)[number];

export function isRoleName(value: unknown): value is RoleName {
  return typeof value === "string" && (roleNames as readonly string[]).includes(value);
}

/** Who may edit hubs: organisers (the hubs of their scope) and admins (every hub). */
export const hubEditorRoles: readonly RoleName[] = ["organiser", "admin"];

/**
 * Roles whose sessions are short (12 h absolute, 30 min idle): they can see other people's
 * data. Organisers and volunteers keep the 30-day sliding session.
 */
export const elevatedRoles: readonly RoleName[] = ["coordinator", "staff", "admin"];

export function hasElevatedRole(roles: readonly RoleName[]): boolean {
  return roles.some((role) => elevatedRoles.includes(role));
}

/**
 * Where a person lands after logging in without a `redirectTo`: the page of the widest role they
 * hold (an admin's menu, the staff dashboard, the coordinator's people, the organiser's hubs);
 * volunteers, who have no role, land on the search page.
 */
export function homePathFor(roles: readonly RoleName[]): string {
  if (roles.includes("admin")) return "/admin";
  if (roles.includes("staff")) return "/staff";
  if (roles.includes("coordinator")) return "/support";
  if (roles.includes("organiser")) return "/organise";
  return "/";
}
