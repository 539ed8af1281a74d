package switchboard.live;

import java.util.ArrayList;
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
import org.jooq.impl.DSL;

/**
 * A stream's topics grouped by the rule that decides them, and the decisions read ahead with
 * the viewer's account: each group whose kind can say its rule in SQL ({@link
 * TopicKind.Readable#column}) becomes a column of the statement that reads the session, so a
 * signed-in chat page's connect is that one query. Decisions read ahead serve only the account
 * they were read for and only the first check; the check before replay always asks again.
 *
 * <p>The shape is the list of those rules, in the order the page names them: the columns' SQL
 * depends on nothing else (each takes its topics' arguments as one array parameter), so every
 * chat page's connect runs the same statement text.
 */
final class TopicRights implements AccountColumns {
    private static final String ARGS = "sb_topic_args_";
    private static final String RIGHTS = "sb_topic_rights_";

    private final Set<Topic> wanted;
    private final Map<Object, Set<Topic>> byRule;
    /** The groups a column could decide (their kind has a {@code readableAll}), in order: the shape. */
    private final List<Object> rules = new ArrayList<>();
    private final Topics topics;
    private final Map<Object, Set<Topic>> readAhead = new HashMap<>();
    private long account = -1;

    TopicRights(Topics topics, Set<Topic> wanted) {
        this.topics = topics;
        this.wanted = wanted;
        this.byRule = byRule(topics, wanted);
        byRule.forEach((rule, asked) -> {
            if (topics.kindOf(asked.iterator().next()).readableAll() != null) {
                rules.add(rule);
            }
        });
    }

    /** One group per access rule: kinds that share one {@code readableAll} are decided together. */
    static Map<Object, Set<Topic>> byRule(Topics topics, Set<Topic> wanted) {
        Map<Object, Set<Topic>> byRule = new LinkedHashMap<>();
        wanted.forEach(topic -> byRule.computeIfAbsent(topics.kindOf(topic).rule(), k -> new LinkedHashSet<>()).add(topic));
        return byRule;
    }

    /** The topics the request asked for, as parsed once for it. */
    Set<Topic> wanted() {
        return wanted;
    }

    /** {@link #byRule} of the topics asked for, grouped once for the request. */
    Map<Object, Set<Topic>> byRule() {
        return byRule;
    }

    @Override
    public Object shape() {
        return List.copyOf(rules);
    }

    @Override
    public List<Field<?>> fields(Field<Long> accountId) {
        List<Field<?>> columns = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            var readable = topics.kindOf(byRule.get(rules.get(i)).iterator().next()).readableAll();
            Field<String[]> column = readable.column(accountId, DSL.param(ARGS + i, String[].class));
            if (column != null) {
                columns.add(column.as(RIGHTS + i));
            }
        }
        return columns;
    }

    @Override
    public Object bind(String parameter) {
        if (!parameter.startsWith(ARGS)) {
            throw new IllegalArgumentException("no parameter " + parameter + " in the topic rights");
        }
        var asked = byRule.get(rules.get(Integer.parseInt(parameter.substring(ARGS.length()))));
        return asked.stream().map(Topic::arg).distinct().toArray(String[]::new);
    }

    @Override
    public void read(long accountId, Record row) {
        for (int i = 0; i < rules.size(); i++) {
            Field<?> column = row.field(RIGHTS + i);
            if (column == null) {
                continue;
            }
            String[] args = (String[]) row.get(column);
            Set<String> allowed = args == null ? Set.of() : Set.copyOf(Arrays.asList(args));
            readAhead.put(rules.get(i), byRule.get(rules.get(i)).stream().filter(t -> allowed.contains(t.arg())).collect(Collectors.toSet()));
        }
        account = accountId;
    }

    /** What was read ahead for this rule, when it was read for this viewer's account; else null. */
    Set<Topic> readAhead(Viewer viewer, Object rule) {
        return viewer.signedIn() && viewer.userId() == account ? readAhead.get(rule) : null;
    }
}
