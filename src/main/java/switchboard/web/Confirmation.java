package switchboard.web;

import io.javalin.http.Context;
import java.util.Map;

/**
 * A destructive action asks first. With JavaScript the page's dialog (static/js/confirm.js)
 * adds {@code confirmed=yes} to the form; without it the action's POST answers with this page,
 * whose form posts again with it. The handler checks access and that the thing exists before
 * asking, so a refusal reads the same either way.
 */
public record Confirmation(String title, String question, String action, String button, String cancel, Map<String, String> fields) {
    public static final String FIELD = "confirmed";

    /** Whether the person already said yes. */
    public static boolean given(Context ctx) {
        return "yes".equals(Input.text(ctx, FIELD));
    }

    /** Answers with the confirmation page. */
    public void ask(Context ctx, Templates templates) {
        templates.page(ctx, "confirm.jte", this);
    }
}
