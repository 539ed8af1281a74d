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

    static String field(Context ctx, String name) {
        return Input.text(ctx, name);
    }
}
