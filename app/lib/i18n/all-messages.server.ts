// Every message group, for the server: pages render, mail and CSV exports translate, with
// nothing missing. The browser build empties `.server` modules, so this never reaches a phone.
import "./messages/accounts";
import "./messages/admin";
import "./messages/details";
import "./messages/metrics";
import "./messages/notifications";
import "./messages/organise";
import "./messages/support";
import "./messages/volunteers";
