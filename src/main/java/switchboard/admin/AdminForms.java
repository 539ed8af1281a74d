package switchboard.admin;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** Reading admin form input: ids from the path and required fields, with messages people can act on. */
final class AdminForms {
    private AdminForms() {
    }

    static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!raw.matches("\\d{1,18}")) {
            throw new BadRequestResponse("'" + raw.substring(0, Math.min(raw.length(), 20)) + "' is not an id; use the links on the admin pages.");
        }
        return Long.parseLong(raw);
    }

    static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }
}
