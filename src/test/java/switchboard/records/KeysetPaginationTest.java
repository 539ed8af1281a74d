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
    private static final int ROWS = 2000;

    @Test
    void twoThousandRowsPaginateWithEveryRowOnceWhileOthersInsertAndDelete() throws Exception {
        var seeder = new RecordSeeder(node.database().sql());
        // household_size has only 8 values: most of the order rests on the id tie-break.
        var ids = new ArrayList<String>();
        for (int i = 0; i < ROWS; i++) {
            ids.add(seeder.nationalId());
        }
        var sql = node.database().sql();
        var values = String.join(",", ids.stream().distinct().map(id -> "('Kişi " + id + "', '" + id + "', " + (1 + Math.floorMod(id.hashCode(), 8)) + ")").toList());
        sql.execute("insert into beneficiaries (name, national_id, household_size) values " + values);
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
            while (path != null) {
                String body = admin.get(path).body();
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
            assertTrue(missing.isEmpty(), "rows never read (sort " + sort + "): " + missing.size());
            assertTrue(pages >= ROWS / ListQuery.PAGE / 2, "pages: " + pages);
        }
        stop.set(true);
        writer.join();
    }
}
