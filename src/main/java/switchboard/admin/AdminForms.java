package switchboard.admin;

import io.javalin.http.Context;
import switchboard.web.Input;

/** Reading admin form input: ids from the path and required fields, with messages people can act on. */
final class AdminForms {
    private AdminForms() {
    }

    static long id(Context ctx) {
        return Input.number(ctx.pathParam("id"), "id in the address");
    }

    /**
     * A field of an admin form: every one is a single line (names, usernames, passwords, choices),
     * so a line break or tab, which the edge lets through for textareas, is refused here: a key
     * named "line\nbreak" was stored as such (an outside review).
     */
    static String field(Context ctx, String name) {
        String value = Input.text(ctx, name);
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\t') >= 0) {
            throw new io.javalin.http.BadRequestResponse("The field '" + name + "' is one line: remove the line break or tab and try again.");
        }
        return value;
    }
}
