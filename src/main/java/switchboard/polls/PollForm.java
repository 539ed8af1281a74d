package switchboard.polls;

import io.javalin.http.Context;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import switchboard.web.TextInput;

/** The admin's poll form as typed, and its validation; {@code error} is null when it is valid. */
public record PollForm(String question, String options, String closesAt, String error) {
    static final PollForm EMPTY = new PollForm("", "", "", null);
    /** A poll closes within 5 years: a typo such as +999999999-12-31 is out of PostgreSQL's range. */
    static final java.time.Period MAX_OPEN = java.time.Period.ofYears(5);

    static PollForm read(Context ctx) {
        return new PollForm(field(ctx, "question"), field(ctx, "options"), field(ctx, "closesAt"), null);
    }

    static PollForm of(Poll poll) {
        String options = String.join("\n", poll.options().stream().map(Poll.Option::label).toList());
        String closes = poll.closesAt() == null ? "" : poll.closesAt().withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString();
        return new PollForm(poll.question(), options, closes, null);
    }

    List<String> optionList() {
        return Arrays.stream(options.split("\\R")).map(TextInput::visible).filter(s -> !s.isEmpty()).toList();
    }

    /** The closing time (UTC), or null for none. */
    OffsetDateTime closing() {
        if (closesAt.isBlank()) {
            return null;
        }
        if (closesAt.strip().length() > 30) {
            throw new DateTimeParseException("too long", closesAt.substring(0, 30), 0);
        }
        return LocalDateTime.parse(closesAt.strip()).atOffset(ZoneOffset.UTC);
    }

    /** This form with the first problem found, or unchanged when it is valid. */
    PollForm validated() {
        // A control character is refused here with the form as typed (the request edge leaves it to the poll forms: Polls.FORMS).
        String problem = Arrays.stream(new String[] {TextInput.controlRefusal("The question", question, false),
                TextInput.controlRefusal("The options", options, true), TextInput.controlRefusal("The closing time", closesAt, false)})
                .filter(java.util.Objects::nonNull).findFirst().orElseGet(this::contentProblem);
        return new PollForm(question.strip(), options, closesAt, problem);
    }

    private String contentProblem() {
        String problem = null;
        var list = optionList();
        if (TextInput.visible(question).isEmpty() || question.strip().length() > 200) {
            problem = "The question is 1 to 200 characters.";
        } else if (list.size() < 2 || list.size() > 10) {
            problem = "A poll has 2 to 10 options, one per line; this has " + list.size() + ".";
        } else if (list.stream().anyMatch(o -> o.length() > 100)) {
            problem = "Each option is at most 100 characters.";
        } else if (list.stream().map(o -> o.toLowerCase(java.util.Locale.ROOT)).distinct().count() != list.size()) {
            problem = "Two options are the same (letter case aside); make each one different.";
        } else {
            try {
                if (closing() != null && closing().isBefore(OffsetDateTime.now())) {
                    problem = "The closing time has passed; pick a later one or none.";
                } else if (closing() != null && closing().isAfter(OffsetDateTime.now().plus(MAX_OPEN))) {
                    problem = "The closing time is at most 5 years from now; pick an earlier one or none.";
                }
            } catch (DateTimeParseException e) {
                problem = "The closing time must look like 2026-12-31T18:00 (UTC).";
            }
        }
        return problem;
    }

    private static String field(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v;
    }
}
