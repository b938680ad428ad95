// The English texts of the public groups, in a chunk of their own: entry.client loads it before
// hydrating a page shown in English (index.ts, registerPublicEnglish).
import { activitiesEn } from "./messages/activities.en";
import { commonEn } from "./messages/common.en";
import { hubsEn } from "./messages/hubs.en";

export const publicEnglish: Readonly<Record<string, string>> = { ...commonEn, ...hubsEn, ...activitiesEn };
