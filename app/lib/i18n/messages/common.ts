import { defineMessages } from "../define";
import { commonEn } from "./common.en";
import { commonJa } from "./common.ja";

/** A public group: the server and the tests use it whole; the browser loads its halves apart (index.ts). */
export const common = defineMessages(commonJa, commonEn);
