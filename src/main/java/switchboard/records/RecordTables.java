package switchboard.records;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static switchboard.db.jooq.Tables.APPLICATIONS;
import static switchboard.db.jooq.Tables.BENEFICIARIES;
import static switchboard.db.jooq.Tables.DONATIONS;
import static switchboard.db.jooq.Tables.FINANCE;
import static switchboard.db.jooq.Tables.MEETINGS;
import static switchboard.db.jooq.Tables.TASKS;

import java.time.OffsetDateTime;
import org.jooq.Condition;
import org.jooq.Table;

/** Each {@link Kind}'s generated table and the columns every store reads by name, and the list's search and filters as a condition. */
final class RecordTables {
    private RecordTables() {
    }

    static Table<?> table(Kind kind) {
        return switch (kind) {
            case BENEFICIARIES -> BENEFICIARIES;
            case APPLICATIONS -> APPLICATIONS;
            case DONATIONS -> DONATIONS;
            case FINANCE -> FINANCE;
            case TASKS -> TASKS;
            case MEETINGS -> MEETINGS;
        };
    }

    @SuppressWarnings("unchecked")
    static org.jooq.Field<Object> column(Kind kind, String column) {
        var f = table(kind).field(column);
        if (f == null) {
            throw new IllegalArgumentException("no column " + column + " in " + kind.slug());
        }
        return (org.jooq.Field<Object>) f;
    }

    static org.jooq.Field<Long> id(Kind kind) {
        return table(kind).field("id", Long.class);
    }

    static org.jooq.Field<OffsetDateTime> deletedAt(Kind kind) {
        return table(kind).field("deleted_at", OffsetDateTime.class);
    }

    static org.jooq.Field<String> searchText(Kind kind) {
        return field(name(kind.slug(), "search_text"), String.class);
    }

    /** Live rows matching the list's search and filters. */
    static Condition conditions(Kind kind, ListQuery query) {
        Condition where = deletedAt(kind).isNull();
        for (var filter : query.filters().entrySet()) {
            where = where.and(column(kind, filter.getKey()).eq(filter.getValue()));
        }
        if (!query.search().isBlank()) {
            String folded = fold(query.search().strip()).replace("!", "!!").replace("%", "!%").replace("_", "!_");
            where = where.and(searchText(kind).like("%" + folded + "%", '!'));
        }
        return where;
    }

    /** The same folding as the database's sb_fold: Turkish and common accents dropped, lower case. */
    static String fold(String text) {
        String from = "ıİşŞğĞüÜöÖçÇâÂîÎûÛéÉèÈáÁàÀ";
        String to = "iIsSgGuUoOcCaAiIuUeEeEaAaA";
        var out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            int i = from.indexOf(c);
            out.append(i >= 0 ? to.charAt(i) : c);
        }
        return out.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
