package switchboard.records;

import static switchboard.db.jooq.Tables.DONATIONS;
import static switchboard.db.jooq.Tables.DONATION_IMPORTS;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Stores a donations import, all rows or none, and remembers it by the hash of its CSV. */
final class ImportStore {
    /** The first key of the advisory lock an import takes on its CSV's hash (the second is the hash). */
    private static final int IMPORT_LOCK = 0x5b_0033;

    /** Stored ({@code earlier} null), or refused because {@code earlier} took the same CSV. */
    record Outcome(DonationImport stored, DonationImport earlier) {
    }

    private final RecordStore records;

    ImportStore(RecordStore records) {
        this.records = records;
    }

    /**
     * One transaction: under a lock on {@code sha256}, refuses a CSV imported before (unless
     * {@code again}), else inserts every row and the import's own row.
     */
    Outcome importDonations(List<Map<String, Object>> rows, String sha256, boolean again, Actor actor) {
        return records.asActor(actor, tx -> {
            tx.select(DSL.function("pg_advisory_xact_lock", Object.class, DSL.val(IMPORT_LOCK), DSL.val(Integer.parseUnsignedInt(sha256.substring(0, 8), 16))))
                    .fetch();
            var earlier = latest(tx, sha256);
            if (earlier.isPresent() && !again) {
                return new Outcome(null, earlier.get());
            }
            for (var values : rows) {
                var set = new java.util.LinkedHashMap<org.jooq.Field<?>, Object>();
                values.forEach((c, v) -> set.put(RecordTables.column(Kind.DONATIONS, c), v));
                tx.insertInto(DONATIONS).set(set).execute();
            }
            long id = tx.insertInto(DONATION_IMPORTS)
                    .set(DONATION_IMPORTS.SHA256, sha256)
                    .set(DONATION_IMPORTS.DONATIONS, rows.size())
                    .set(DONATION_IMPORTS.IMPORTED_BY, actor.id())
                    .set(DONATION_IMPORTS.IMPORTED_BY_NAME, actor.name())
                    .returning(DONATION_IMPORTS.ID)
                    .fetchOne(DONATION_IMPORTS.ID);
            return new Outcome(find(tx, id).orElseThrow(), null);
        });
    }

    Optional<DonationImport> find(long id) {
        return find(records.sql(), id);
    }

    private static Optional<DonationImport> find(DSLContext sql, long id) {
        return sql.select(DONATION_IMPORTS.ID, DONATION_IMPORTS.DONATIONS, DONATION_IMPORTS.IMPORTED_BY_NAME, DONATION_IMPORTS.IMPORTED_AT)
                .from(DONATION_IMPORTS)
                .where(DONATION_IMPORTS.ID.eq(id))
                .fetchOptional(r -> new DonationImport(r.get(DONATION_IMPORTS.ID), r.get(DONATION_IMPORTS.DONATIONS),
                        r.get(DONATION_IMPORTS.IMPORTED_BY_NAME), RecordStore.shown(r.get(DONATION_IMPORTS.IMPORTED_AT))));
    }

    private static Optional<DonationImport> latest(DSLContext tx, String sha256) {
        return tx.select(DONATION_IMPORTS.ID)
                .from(DONATION_IMPORTS)
                .where(DONATION_IMPORTS.SHA256.eq(sha256))
                .orderBy(DONATION_IMPORTS.IMPORTED_AT.desc(), DONATION_IMPORTS.ID.desc())
                .limit(1)
                .fetchOptional(DONATION_IMPORTS.ID)
                .flatMap(id -> find(tx, id));
    }
}
