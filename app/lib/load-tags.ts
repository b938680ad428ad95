/** Load tags on a role (same codes as the activity_roles_load_tags_valid constraint). */
export const loadTags = ["short", "seated", "quiet", "solo", "first_timers", "supported_ok"] as const;
export type LoadTag = (typeof loadTags)[number];

export function isLoadTag(value: string): value is LoadTag {
  return (loadTags as readonly string[]).includes(value);
}
