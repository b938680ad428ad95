import { z } from "zod";
import { parseLatLng } from "../geo";
import { isAvailabilityCell, isListedSkill, MAX_WALKING_MINUTES, normaliseSkill } from "../volunteering";

// The volunteer profile form (/volunteer/profile), shared by the server and the page.
// Messages are dictionary keys.

export const FREE_SKILLS_MAX = 10;

export const volunteerProfileSchema = z.object({
  skills: z.array(z.string()).transform((values) => [...new Set(values.filter(isListedSkill))]),
  /** Free words, separated by 、 or commas: "そば打ち、将棋". */
  freeSkills: z
    .string()
    .max(300, "volunteer.field.freeSkills.tooLong")
    .transform((value) =>
      [...new Set(value.split(/[、,，\n]/).map((word) => word.trim()).filter(Boolean))].filter((w) => !isListedSkill(normaliseSkill(w))),
    )
    .refine((words) => words.length <= FREE_SKILLS_MAX, "volunteer.field.freeSkills.tooMany")
    .refine((words) => words.every((w) => w.length <= 30), "volunteer.field.freeSkills.tooLong"),
  interests: z.array(z.string().regex(/^[a-z_]{1,40}$/)),
  availability: z.array(z.string()).transform((values) => [...new Set(values.filter(isAvailabilityCell))]),
  /** "district:3", "landmark:5", or "lat,lng" (a point chosen on the map); empty keeps none. */
  home: z.string().max(60).refine((value) => value === "" || /^(district|landmark):\d{1,9}$/.test(value) || parseLatLng(value) !== undefined, "volunteer.field.home.invalid"),
  maxWalkingMinutes: z.coerce
    .number({ invalid_type_error: "volunteer.field.walking.invalid" })
    .int("volunteer.field.walking.invalid")
    .min(1, "volunteer.field.walking.range")
    .max(MAX_WALKING_MINUTES, "volunteer.field.walking.range"),
  contactOk: z.boolean(),
});
export type VolunteerProfileInput = z.infer<typeof volunteerProfileSchema>;
