package switchboard.records;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import switchboard.auth.Access;
import switchboard.auth.Routes;
import switchboard.web.Input;

/**
 * Moves that are sub-resources of a record: an application's status, a ledger entry's
 * reversal (a meeting's parts: {@link MeetingPartRoutes}; the donations import: {@link ImportRoutes}).
 */
final class WorkflowRoutes {
    private final RecordContext app;

    WorkflowRoutes(RecordContext app) {
        this.app = app;
    }

    void register(Routes routes) {
        routes.post("/records/applications/{id}/status", Access.STAFF, this::move)
                .post("/records/finance/{id}/reversal", Access.ADMIN, this::reverse);
    }

    private void move(Context ctx) {
        long id = app.id(ctx);
        int shown = app.shownVersion(ctx, Kind.APPLICATIONS, id);
        String status = Input.text(ctx, "status");
        if (!List.of("in_review", "approved", "rejected", "paid").contains(status)) {
            throw new BadRequestResponse("Move the application to in review, approved, rejected or paid.");
        }
        app.require(app.workflow().moveApplication(id, shown, status, app.actor(ctx)), Kind.APPLICATIONS, id,
                "The application cannot move to " + status.replace('_', ' ') + " from where it is now; open it again to see where it is.");
        ctx.redirect("/records/applications/" + id, HttpStatus.SEE_OTHER);
    }

    private void reverse(Context ctx) {
        long id = app.id(ctx);
        app.row(Kind.FINANCE, id);
        String refused = app.workflow().reverse(id, app.actor(ctx));
        if (refused != null) {
            throw new io.javalin.http.ConflictResponse(refused);
        }
        ctx.redirect("/records/finance", HttpStatus.SEE_OTHER);
    }
}
