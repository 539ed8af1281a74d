package switchboard.records;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import switchboard.auth.Auth;
import switchboard.auth.Role;
import switchboard.auth.Routes;
import switchboard.auth.User;
import switchboard.auth.Users;
import switchboard.db.Database;
import switchboard.db.SingletonJob;
import switchboard.live.Change;
import switchboard.live.ChangeFeed;
import switchboard.live.Region;
import switchboard.live.StreamUrl;
import switchboard.live.Topic;
import switchboard.live.TopicKind;
import switchboard.live.Viewer;
import switchboard.web.HeaderBell;
import switchboard.web.Input;
import switchboard.web.Templates;

/**
 * The charity's back office at {@code /records}: beneficiaries, aid applications, donations,
 * the finance ledger, tasks and meetings. ADMIN reaches every kind; STAFF all but donations and
 * finance. Topics: {@code records:<kind>} (region {@code record-rows}, append: new rows are
 * announced, changed rows replaced, deleted rows removed), {@code record:<kind>:<id>} (regions
 * {@code record-detail} and {@code record-editing}) and {@code notifications:<user>} (region
 * {@code bell}). Every rule is checked again on replay, by the account's current role.
 */
public final class Records {
    private static final long PRESENCE_LOCK = 0x5b_0030L;
    private static final String RECORDS = "records";
    private static final String RECORD = "record";
    private static final String NOTIFICATIONS = "notifications";
    static final String PRESENCE = "presence";
    /**
     * The records forms' posts (create, save, a meeting's decisions and action items, the import):
     * they refuse a control character on the field that holds it, by its label and with what was
     * typed kept (RecordText), so the request edge leaves that check to them.
     */
    public static final Pattern FORMS = Pattern.compile("/records/(?:(?:beneficiaries|applications|donations|tasks|meetings)(?:/\\d{1,18})?"
            + "|meetings/\\d{1,18}/(?:decisions|items)(?:/\\d{1,18})?|donations/import)");
    private static final java.util.Set<String> WORKERS = java.util.Set.of(Role.ADMIN.name(), Role.STAFF.name());

    private final Database database;
    private final RecordStore store;
    private final AuditStore audit;
    private final CountStore counts;
    private final NotificationStore notifications;
    private final WorkflowStore workflow;
    private final Templates templates;
    private final ChangeFeed feed;
    private final Users users;

    public Records(Database database, Templates templates, ChangeFeed feed, Users users) {
        this.database = database;
        this.store = new RecordStore(database.sql());
        this.audit = new AuditStore(database.sql());
        this.counts = new CountStore(database.sql());
        this.notifications = new NotificationStore(database.sql());
        this.workflow = new WorkflowStore(store);
        this.templates = templates;
        this.feed = feed;
        this.users = users;
    }

    /** A kind's list. */
    static Topic list(Kind kind) {
        return Topic.of(RECORDS, kind.slug());
    }

    /** One record's page and form. */
    static Topic record(Kind kind, long id) {
        return Topic.of(RECORD, kind.slug() + ":" + id);
    }

    /** An account's bell. */
    static Topic bell(long userId) {
        return Topic.of(NOTIFICATIONS, userId);
    }

    /** The list topics whose pages show totals (see {@link Kind#totalled}). */
    private static final java.util.Set<String> TOTALLED = java.util.Set.of(list(Kind.DONATIONS).toString(), list(Kind.FINANCE).toString());

    public List<TopicKind> topicKinds() {
        String slugs = Kind.slugPattern();
        return List.of(
                new TopicKind(RECORDS, Pattern.compile(slugs), (viewer, topic) -> mayWork(viewer, Kind.of(topic.arg()).orElseThrow()), List.of(
                        Region.append("record-rows", c -> c.kind().startsWith("record."), this::renderRows),
                        new Region("record-totals", Region.Mode.SNAPSHOT, c -> c.kind().startsWith("record.") && TOTALLED.contains(c.topic()),
                                (topic, changes) -> renderTotals(Kind.of(topic.arg()).orElseThrow())))),
                new TopicKind(RECORD, Pattern.compile("(" + slugs + "):\\d{1,18}"), (viewer, topic) -> mayWork(viewer, kindOf(topic)), List.of(
                        new Region("record-detail", Region.Mode.SNAPSHOT, c -> c.kind().startsWith("record."),
                                (topic, changes) -> templates.render("records/detail_body.jte", detail(kindOf(topic), idOf(topic), "").orElse(null))),
                        new Region("record-editing", Region.Mode.SNAPSHOT, c -> c.kind().equals(PRESENCE),
                                (topic, changes) -> templates.render("records/editing.jte", notifications.editors(kindOf(topic), idOf(topic)))))),
                new TopicKind(NOTIFICATIONS, Input.ID, (viewer, topic) -> viewer.userId() == Long.parseLong(topic.arg()) && role(viewer) != null,
                        List.of(Region.snapshot("bell", (topic, changes) ->
                                        templates.render("layout/bell.jte", notifications.unread(Long.parseLong(topic.arg())))),
                                Region.snapshot("notification-list", (topic, changes) ->
                                        templates.render("records/notification_items.jte", notifications.recent(Long.parseLong(topic.arg())))))));
    }

    /**
     * The header bell of an account that receives notifications (ADMIN and STAFF, who work with
     * tasks, applications and meetings). The head is read before the count: a notification made
     * between the two is replayed on the stream and redraws the count, never lost.
     */
    public Optional<HeaderBell> bell(User user) {
        if (user.disabled() || !(user.role() == Role.ADMIN || user.role() == Role.STAFF)) {
            return Optional.empty();
        }
        long since = feed.head();
        Topic topic = bell(user.id());
        return Optional.of(new HeaderBell(notifications.unread(user.id()), topic.toString(), StreamUrl.of(since, topic)));
    }

    /** The viewer's role if it works on records (ADMIN, STAFF): as the session's statement read it, or else from the account. */
    private Role role(Viewer viewer) {
        if (!viewer.signedIn()) {
            return null;
        }
        if (viewer.role() != null) {
            return viewer.hasRole(WORKERS) ? Role.valueOf(viewer.role()) : null;
        }
        return users.byId(viewer.userId()).filter(u -> !u.disabled())
                .map(User::role).filter(r -> r == Role.ADMIN || r == Role.STAFF).orElse(null);
    }

    private boolean mayWork(Viewer viewer, Kind kind) {
        Role role = role(viewer);
        return role == Role.ADMIN || (role == Role.STAFF && kind.staff());
    }

    static boolean mayWork(Role role, Kind kind) {
        return role == Role.ADMIN || (role == Role.STAFF && kind.staff());
    }

    private static Kind kindOf(Topic topic) {
        return Kind.of(topic.arg().substring(0, topic.arg().indexOf(':'))).orElseThrow();
    }

    private static long idOf(Topic topic) {
        return Long.parseLong(topic.arg().substring(topic.arg().indexOf(':') + 1));
    }

    /** Rows pushed to open lists: the last change of each row in the batch decides what it is. */
    private String renderTotals(Kind kind) {
        return !kind.totalled() ? "" : templates.renderParams("records/totals.jte", Map.of("ledger", kind.ledger(),
                "totals", kind.ledger() ? workflow.ledgerBalance() : workflow.donationTotals()));
    }

    private String renderRows(Topic topic, List<Change> changes) {
        Kind kind = Kind.of(topic.arg()).orElseThrow();
        // A row inserted (or restored) in this batch is new even when its own transaction changed
        // it again after (a meeting's attendees): judged by its last change it was an update of a
        // row no other list had, and was never announced (an outside review).
        Map<Long, Boolean> last = new LinkedHashMap<>();
        changes.forEach(c -> last.merge(c.entityId(), c.kind().equals("record.insert") || c.kind().equals("record.restore"), Boolean::logicalOr));
        var found = store.byIds(kind, last.keySet()).stream().collect(java.util.stream.Collectors.toMap(Row::id, r -> r));
        var pushed = last.entrySet().stream().map(e -> {
            Row row = found.get(e.getKey());
            String dom = "r-" + kind.slug() + "-" + e.getKey();
            if (row == null || row.deleted()) {
                return new PushedRow(row, PushedRow.Change.GONE, dom);
            }
            return new PushedRow(row, e.getValue() ? PushedRow.Change.NEW : PushedRow.Change.UPDATED, dom);
        }).toList();
        return templates.render("records/pushed.jte", pushed);
    }

    java.util.Optional<Detail> detail(Kind kind, long id, String csrf) {
        return store.find(kind, id).map(row -> new Detail(kind, row, audit.history(kind, id, 0),
                kind == Kind.MEETINGS ? store.attendees(id) : List.of(),
                kind == Kind.MEETINGS ? workflow.decisions(id) : List.of(),
                kind == Kind.APPLICATIONS ? WorkflowStore.nextSteps(row.value("status")) : List.of(),
                kind == Kind.FINANCE && workflow.reversible(id), csrf));
    }

    public void register(Routes routes, Auth auth) {
        var context = new RecordContext(store, audit, counts, notifications, workflow, templates, feed, auth, this);
        new NotificationRoutes(context).register(routes);
        // Before the kinds' own routes: Javalin takes the first match, and /records/donations/import
        // would otherwise be read as the donation numbered "import".
        new WorkflowRoutes(context).register(routes);
        new ImportRoutes(context).register(routes);
        new MeetingPartRoutes(context).register(routes);
        for (Kind kind : Kind.values()) {
            new FormRoutes(context, kind).register(routes);  // its /new before the pages' /{id}
            new RecordRoutes(context, kind).register(routes);
        }
    }

    /** Drops "is editing" marks of forms that went quiet (closed without saying so), on one node. */
    public SingletonJob presenceJob() {
        return new SingletonJob("records-presence", PRESENCE_LOCK, database.sql(), NotificationStore::expireQuiet).every(Duration.ofSeconds(5));
    }

    /** Whether no beneficiary was ever recorded (the demo seeds only then). */
    public static boolean isEmpty(Database database) {
        return !database.sql().fetchExists(switchboard.db.jooq.Tables.BENEFICIARIES);
    }

    /** Adds {@code n} realistic records (mostly beneficiaries), reporting progress as it goes. */
    public static void seed(Database database, int n, java.util.function.IntConsumer progress) {
        new RecordSeeder(database.sql()).seed(n, progress);
    }
}
