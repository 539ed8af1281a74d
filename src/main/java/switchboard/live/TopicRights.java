package switchboard.live;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.Record;

/**
 * A stream's topics grouped by the rule that decides them, and the decisions read ahead with
 * the viewer's account: each group whose kind can say its rule in SQL ({@link
 * TopicKind.Readable#column}) becomes a column of the statement that reads the session, so a
 * signed-in chat page's connect is that one query. Decisions read ahead serve only the account
 * they were read for and only the first check; the check before replay always asks again.
 */
final class TopicRights implements AccountColumns {
    private final Map<Object, Set<Topic>> byRule;
    private final Topics topics;
    private final Map<Object, Field<String[]>> columns = new LinkedHashMap<>();
    private final Map<Object, Set<Topic>> readAhead = new HashMap<>();
    private long account = -1;

    TopicRights(Topics topics, Set<Topic> wanted) {
        this.topics = topics;
        this.byRule = byRule(topics, wanted);
    }

    /** One group per access rule: kinds that share one {@code readableAll} are decided together. */
    static Map<Object, Set<Topic>> byRule(Topics topics, Set<Topic> wanted) {
        Map<Object, Set<Topic>> byRule = new LinkedHashMap<>();
        wanted.forEach(topic -> byRule.computeIfAbsent(topics.kindOf(topic).rule(), k -> new LinkedHashSet<>()).add(topic));
        return byRule;
    }

    @Override
    public List<Field<?>> fields(Field<Long> accountId) {
        columns.clear();
        byRule.forEach((rule, asked) -> {
            var readable = topics.kindOf(asked.iterator().next()).readableAll();
            Field<String[]> column = readable == null ? null : readable.column(accountId, asked);
            if (column != null) {
                columns.put(rule, column.as("sb_topic_rights_" + columns.size()));
            }
        });
        return List.copyOf(columns.values());
    }

    @Override
    public void read(long accountId, Record row) {
        columns.forEach((rule, column) -> {
            String[] args = row.get(column);
            Set<String> allowed = args == null ? Set.of() : Set.copyOf(Arrays.asList(args));
            readAhead.put(rule, byRule.get(rule).stream().filter(t -> allowed.contains(t.arg())).collect(Collectors.toSet()));
        });
        account = accountId;
    }

    /** What was read ahead for this rule, when it was read for this viewer's account; else null. */
    Set<Topic> readAhead(Viewer viewer, Object rule) {
        return viewer.signedIn() && viewer.userId() == account ? readAhead.get(rule) : null;
    }
}
