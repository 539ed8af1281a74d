package switchboard.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * What the database holds that people and machines put there: a digest of every row of every
 * domain table, for tests that check a refused request changed nothing. Left out: the change
 * feed and counters (background jobs publish ticks), and the bookkeeping columns that reads
 * touch (a key's last use, a session's expiry), which are not content.
 */
public final class Stored {
    private static final List<String> SKIPPED = List.of("change_log", "change_counter", "change_pending", "flyway_schema_history",
            "stats_counters", "vote_minutes", "typing", "signing_keys",
            // bookkeeping, not data: nodes' reports every few seconds, the shared limits' buckets and
            // failed sign-ins, the dashboard's activity log (it records sign-ins)
            "node_reports", "node_deliveries", "rate_buckets", "login_failures", "activity");

    private Stored() {
    }

    public static Map<String, String> digest(DSLContext sql) {
        var tables = sql.fetchValues("select tablename from pg_tables where schemaname = 'public' order by 1");
        var out = new TreeMap<String, String>();
        for (Object table : tables) {
            String name = table.toString();
            if (SKIPPED.contains(name)) {
                continue;
            }
            String row = switch (name) {
                case "api_keys" -> "(t.id, t.name, t.revoked_at, t.tables)::text";
                case "sessions" -> "(t.id, t.user_id)::text";
                case "kiosk_links" -> "(t.id, t.revoked_at)::text";
                default -> "t::text";
            };
            out.put(name, String.valueOf(sql.fetchValue("select md5(coalesce(string_agg(" + row + ", ',' order by " + row + "), '')) from " + name + " t")));
        }
        return out;
    }
}
