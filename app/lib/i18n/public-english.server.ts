// The server renders English too: the public groups' English texts are registered when the
// server's code is loaded (entry.server, locale.server and all-messages.server import this).
import { registerPublicEnglish } from "./index";
import { publicEnglish } from "./public-en";

registerPublicEnglish(publicEnglish);
