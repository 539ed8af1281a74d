package switchboard.games;

import java.util.Map;

/**
 * Why an ingest request was refused, as an RFC 9457 problem: the status, a stable type slug,
 * the field at fault (e.g. {@code events[3].amount}) and extra members such as
 * {@code expectedVersion}. Thrown inside the transaction, so nothing of the request is kept.
 */
final class Rejection extends RuntimeException {
    final int status;
    final String type;
    final String field;
    final Map<String, Object> extra;

    Rejection(int status, String type, String field, String detail, Map<String, Object> extra) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.field = field;
        this.extra = extra;
    }

    /** A valid event that breaks the game's rules: 422. */
    static Rejection rule(String field, String detail) {
        return new Rejection(422, "rule-violation", field, detail, Map.of());
    }

    /** The same refusal for a field inside {@code parent} (a winner's amount: {@code winners[1].amount}). */
    Rejection within(String parent) {
        return new Rejection(status, type, field == null ? parent : parent + "." + field, getMessage(), extra);
    }

    Rejection at(int index) {
        var more = new java.util.LinkedHashMap<String, Object>(extra);
        more.put("index", index);
        String prefixed = field == null ? "events[" + index + "]" : "events[" + index + "]." + field;
        return new Rejection(status, type, prefixed, getMessage(), more);
    }
}
