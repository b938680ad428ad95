import { defineMessages } from "../define";
import { activitiesEn } from "./activities.en";
import { activitiesJa } from "./activities.ja";

/** A public group: the server and the tests use it whole; the browser loads its halves apart (index.ts). */
export const activities = defineMessages(activitiesJa, activitiesEn);
