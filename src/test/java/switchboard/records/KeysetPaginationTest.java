package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;

/** Keyset pages stay stable while others write: every row that was there throughout is read exactly once. */
class KeysetPaginationTest extends AdminNodeTest {
    private static final Pattern ROW = Pattern.compile("id=\"r-beneficiaries-(\\d+)\"");
    private static final Pattern NEXT = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"");
    private static final int ROWS = 10_000;

    @Test
    void tenThousandRowsPaginateWithEveryRowOnceWhileOthersInsertAndDelete() throws Exception {
        var seeder = new RecordSeeder(node.database().sql());
        var sql = node.database().sql();
        // One statement: national ids with valid check digits (the table's constraint), household_size has only 8
        // values, so most of the order rests on the id tie-break.
        sql.execute("""
                insert into beneficiaries (name, national_id, household_size)
                select 'Kişi ' || g, b || d10 || (s + d10) % 10, 1 + g % 8
                from generate_series(1, {0}) g
                cross join lateral (select (100000000 + g * 797)::text as b) x
                cross join lateral (select array(select substr(x.b, i, 1)::int from generate_series(1, 9) i) as d) y
                cross join lateral (select (((d[1] + d[3] + d[5] + d[7] + d[9]) * 7 - (d[2] + d[4] + d[6] + d[8])) % 10 + 10) % 10 as d10,
                                           d[1] + d[2] + d[3] + d[4] + d[5] + d[6] + d[7] + d[8] + d[9] as s) z
                """, ROWS);
        List<Long> all = sql.fetch("select id from beneficiaries").getValues(0, Long.class);
        // The writer deletes only from the second half of ids; the rest must each be read once.
        Set<Long> doomed = new HashSet<>(all.subList(all.size() / 2, all.size()).stream().filter(id -> id % 7 == 0).toList());
        var stop = new AtomicBoolean();
        var writer = Thread.ofVirtual().start(() -> {
            var queue = new ArrayList<>(doomed);
            int n = 0;
            while (!stop.get() && n < queue.size()) {
                sql.execute("update beneficiaries set deleted_at = now() where id = " + queue.get(n++));
                sql.execute("insert into beneficiaries (name, national_id, household_size) values ('Yeni " + n + "', '" + seeder.nationalId() + "', " + (1 + n % 8) + ") on conflict do nothing");
            }
        });
        var seen = new ArrayList<Long>();
        for (String sort : List.of("household_size&dir=asc", "name&dir=desc")) {
            seen.clear();
            String path = "/records/beneficiaries?sort=" + sort;
            int pages = 0;
            String lastPage = "";
            while (path != null) {
                var answer = admin.get(path);
                assertEquals(200, answer.statusCode(), path + " answered " + answer.body());
                String body = answer.body();
                lastPage = path + " (" + pages + " pages read) answered: " + body.substring(Math.max(0, body.indexOf("<main")), Math.min(body.length(), Math.max(0, body.indexOf("<main")) + 3000));
                var rows = ROW.matcher(body);
                while (rows.find()) {
                    seen.add(Long.parseLong(rows.group(1)));
                }
                var next = NEXT.matcher(body);
                path = next.find() ? next.group(1).replace("&amp;", "&") : null;
                pages++;
            }
            assertEquals(seen.size(), new HashSet<>(seen).size(), "no row twice (sort " + sort + ")");
            var missing = new HashSet<>(all);
            missing.removeAll(doomed);
            seen.forEach(missing::remove);
            assertTrue(missing.isEmpty(), "rows never read (sort " + sort + "): " + missing.size() + "; the last page, " + lastPage);
            assertTrue(pages >= ROWS / ListQuery.PAGE / 2, "pages: " + pages);
        }
        stop.set(true);
        writer.join();
    }
}
