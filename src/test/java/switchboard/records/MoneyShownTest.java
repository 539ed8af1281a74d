package switchboard.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import switchboard.testing.AdminNodeTest;

/** Money is seeded at its currency's scale and always shown at it, totals with their digits grouped. */
class MoneyShownTest extends AdminNodeTest {
    @Test
    void amountsShowTheirCurrencysDecimalsWhateverScaleTheyWereStoredAt() {
        var sql = node.database().sql();
        // As an older seed stored them: whole numbers at scale 0.
        sql.execute("insert into donations (donor_name, amount, currency, method, status, transaction_date) values "
                + "('Old Seed', 11240, 'CHF', 'cash', 'received', date '2026-01-05'), ('Old Yen', 1500, 'JPY', 'cash', 'received', date '2026-01-05')");
        String list = admin.get("/records/donations?currency=CHF").body();
        assertTrue(list.contains("11240.00"), list);
        assertTrue(list.contains("11,240.00 CHF"), "the total, its digits grouped: " + list);
        assertTrue(list.contains("1,500 JPY"), "a currency without decimals has none: " + list);
        assertTrue(admin.get("/records/finance?currency=CHF").body().contains("11240.00"), "the ledger's rows too");
        assertTrue(admin.get("/records/donations/export?currency=CHF").body().contains(",11240.00,CHF,"), "and the export");
    }

    @Test
    void theDemoSeedStoresMoneyAtItsCurrencysScale() {
        Records.seed(node.database(), 200, done -> { });
        var sql = node.database().sql();
        assertTrue(sql.fetchCount(switchboard.db.jooq.Tables.DONATIONS) > 0 && sql.fetchCount(switchboard.db.jooq.Tables.APPLICATIONS) > 0);
        for (String query : new String[] {
            "select currency, scale(amount) from donations where donor_name <> 'Old Seed' and donor_name <> 'Old Yen'",
            "select currency, scale(amount_requested) from applications",
            "select currency, scale(amount) from finance where source_id not in (select id from donations where donor_name like 'Old %')"}) {
            for (var r : sql.fetch(query)) {
                assertEquals(Money.minorUnits(r.get(0, String.class)).orElseThrow(), r.get(1, Integer.class), query + ": " + r);
            }
        }
    }
}
