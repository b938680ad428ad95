import { defineMessages } from "../define";
import { hubsEn } from "./hubs.en";
import { hubsJa } from "./hubs.ja";

/** A public group: the server and the tests use it whole; the browser loads its halves apart (index.ts). */
export const hubs = defineMessages(hubsJa, hubsEn);
