import { describeDatabaseError } from "~/lib/db-errors.server";
import { SignupRefused } from "~/services/signups.server";

/** Why a sign-up service refused (`SignupRefused.reason`), or "accepted"; any other error is thrown. */
export async function signupRefusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignupRefused) return error.reason;
    throw error;
  }
  return "accepted";
}

/** The database's own words for refusing a write ("SQLSTATE message"), or "accepted". */
export async function databaseRefusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return describeDatabaseError(error);
  }
  return "accepted";
}
