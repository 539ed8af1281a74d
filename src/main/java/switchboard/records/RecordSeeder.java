package switchboard.records;

import static switchboard.db.jooq.Tables.APPLICATIONS;
import static switchboard.db.jooq.Tables.BENEFICIARIES;
import static switchboard.db.jooq.Tables.DONATIONS;
import static switchboard.db.jooq.Tables.MEETINGS;
import static switchboard.db.jooq.Tables.TASKS;
import static switchboard.db.jooq.Tables.USERS;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Realistic demo records: Turkish names with their diacritics, valid national ids and mobile
 * numbers, donations in several currencies, applications along the workflow. Inserted in
 * batches of 1,000 rows, each batch one transaction.
 */
final class RecordSeeder {
    private static final int BATCH = 1000;
    private static final List<String> FIRST = List.of("Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Şükrü", "Mehmet", "Mustafa", "Ahmet",
            "Ali", "Hüseyin", "İsmail", "Özgür", "Gülşen", "Çağla", "Ümit", "Ilgın", "Doğan", "Büşra", "Ömer", "Işıl", "Cemil", "Gökçe");
    private static final List<String> LAST = List.of("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
            "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Güneş", "Işık", "Erdoğan", "Ünal");
    private static final List<String> CITIES = List.of("Kadıköy, İstanbul", "Üsküdar, İstanbul", "Çankaya, Ankara", "Karşıyaka, İzmir",
            "Şahinbey, Gaziantep", "Osmangazi, Bursa", "Muratpaşa, Antalya", "Eyüpsultan, İstanbul");
    private static final List<String> CURRENCIES = List.of("TRY", "TRY", "TRY", "EUR", "USD", "GBP");
    private static final List<String> TASK_TITLES = List.of("Call back about rent support", "Deliver food parcel", "Check school enrolment",
            "Visit household", "Collect documents", "Arrange hospital transport", "Update phone number", "Prepare monthly report");

    private final DSLContext sql;
    private final SplittableRandom random = new SplittableRandom();

    RecordSeeder(DSLContext sql) {
        this.sql = sql;
    }

    void seed(int n, IntConsumer progress) {
        List<Long> staff = sql.select(USERS.ID).from(USERS).where(USERS.ROLE.in("ADMIN", "STAFF")).fetch(USERS.ID);
        int beneficiaries = Math.max(1, n * 70 / 100);
        int applications = n * 12 / 100;
        int donations = n * 10 / 100;
        int tasks = n * 6 / 100;
        int meetings = n - beneficiaries - applications - donations - tasks;
        int done = 0;
        done = batches(beneficiaries, done, progress, (tx, count) -> {
            var insert = tx.insertInto(BENEFICIARIES, BENEFICIARIES.NAME, BENEFICIARIES.NATIONAL_ID, BENEFICIARIES.PHONE, BENEFICIARIES.ADDRESS,
                    BENEFICIARIES.HOUSEHOLD_SIZE, BENEFICIARIES.STATUS);
            for (int i = 0; i < count; i++) {
                insert = insert.values(pick(FIRST) + " " + pick(LAST), nationalId(), "+905" + (30 + random.nextInt(25)) + String.format("%07d", random.nextInt(10_000_000)),
                        pick(CITIES), 1 + random.nextInt(8), random.nextInt(10) == 0 ? "passive" : "active");
            }
            insert.onConflictDoNothing().execute();
        });
        Long low = sql.select(DSL.min(BENEFICIARIES.ID)).from(BENEFICIARIES).fetchOne(0, Long.class);
        Long high = sql.select(DSL.max(BENEFICIARIES.ID)).from(BENEFICIARIES).fetchOne(0, Long.class);
        done = batches(applications, done, progress, (tx, count) -> {
            var insert = tx.insertInto(APPLICATIONS, APPLICATIONS.BENEFICIARY_ID, APPLICATIONS.AID_KIND, APPLICATIONS.AMOUNT_REQUESTED, APPLICATIONS.CURRENCY,
                    APPLICATIONS.HANDLER_ID);
            for (int i = 0; i < count; i++) {
                insert = insert.values(low + random.nextLong(high - low + 1), pick(List.of("cash", "food", "education", "health", "rent")),
                        money(500 + random.nextInt(20_000), "TRY"), "TRY", staff.isEmpty() ? null : pick(staff));
            }
            insert.execute();
        });
        // Some applications move along the workflow, as they would in a working office.
        sql.transaction(cfg -> {
            var tx = RecordStore.actingAs(DSL.using(cfg), new Actor(0, "seed"));
            tx.update(APPLICATIONS).set(APPLICATIONS.STATUS, "in_review").where(APPLICATIONS.ID.mod(3L).eq(0L)).and(APPLICATIONS.STATUS.eq("submitted")).execute();
            tx.update(APPLICATIONS).set(APPLICATIONS.STATUS, "approved").where(APPLICATIONS.ID.mod(6L).eq(0L)).and(APPLICATIONS.STATUS.eq("in_review")).execute();
        });
        done = batches(donations, done, progress, (tx, count) -> {
            var insert = tx.insertInto(DONATIONS, DONATIONS.DONOR_NAME, DONATIONS.DONOR_CONTACT, DONATIONS.AMOUNT, DONATIONS.CURRENCY, DONATIONS.METHOD,
                    DONATIONS.STATUS, DONATIONS.TRANSACTION_DATE);
            for (int i = 0; i < count; i++) {
                String donor = pick(FIRST) + " " + pick(LAST);
                String currency = pick(CURRENCIES);
                insert = insert.values(donor, donor.toLowerCase().replace(' ', '.') + "@example.org", money(10 + random.nextInt(5000), currency),
                        currency, pick(List.of("cash", "card", "transfer", "online")), random.nextInt(4) == 0 ? "pledged" : "received",
                        LocalDate.now().minusDays(random.nextInt(365)));
            }
            insert.execute();
        });
        done = batches(tasks, done, progress, (tx, count) -> {
            var insert = tx.insertInto(TASKS, TASKS.TITLE, TASKS.ASSIGNEE_ID, TASKS.DUE_DATE, TASKS.PRIORITY, TASKS.STATUS);
            for (int i = 0; i < count; i++) {
                insert = insert.values(pick(TASK_TITLES), staff.isEmpty() ? null : pick(staff), LocalDate.now().plusDays(random.nextInt(30)),
                        pick(List.of("low", "normal", "normal", "high", "urgent")), pick(List.of("open", "open", "doing", "done")));
            }
            insert.execute();
        });
        batches(meetings, done, progress, (tx, count) -> {
            var insert = tx.insertInto(MEETINGS, MEETINGS.TITLE, MEETINGS.STARTS_AT, MEETINGS.ORGANIZER_ID, MEETINGS.LOCATION);
            for (int i = 0; i < count; i++) {
                insert = insert.values(pick(List.of("Weekly case review", "Ramadan food drive planning", "Board meeting", "Volunteer briefing")),
                        OffsetDateTime.now(ZoneOffset.UTC).plusDays(random.nextInt(60) - 30).withMinute(0).withSecond(0).withNano(0),
                        staff.isEmpty() ? null : pick(staff), pick(CITIES));
            }
            insert.execute();
        });
    }

    /** Whole amounts at the currency's own scale, as the forms store them (11240.00 TRY, not 11240 beside 100.00 EUR). */
    private static BigDecimal money(int whole, String currency) {
        return BigDecimal.valueOf(whole).setScale(Money.minorUnits(currency).orElseThrow());
    }

    private interface Batch {
        void insert(DSLContext tx, int count);
    }

    private int batches(int total, int done, IntConsumer progress, Batch batch) {
        for (int at = 0; at < total; at += BATCH) {
            int count = Math.min(BATCH, total - at);
            sql.transaction(cfg -> batch.insert(RecordStore.actingAs(DSL.using(cfg), new Actor(0, "seed")), count));
            done += count;
            progress.accept(done);
        }
        return done;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** A random TC Kimlik No with correct check digits. */
    String nationalId() {
        int[] d = new int[11];
        d[0] = 1 + random.nextInt(9);
        for (int i = 1; i < 9; i++) {
            d[i] = random.nextInt(10);
        }
        d[9] = (((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10 + 10) % 10;
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += d[i];
        }
        d[10] = sum % 10;
        var out = new StringBuilder();
        for (int digit : d) {
            out.append(digit);
        }
        return out.toString();
    }
}
