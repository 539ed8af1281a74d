package switchboard.records;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * The rules a typed form must meet, one message per field: the database's checks back each
 * of them, but a person should read "the check digit is wrong", not a constraint name.
 */
final class RecordRules {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    static final String DATE_RANGE = "Pick a date between 1900 and 2200.";
    /** V30's words: the form and the import say them on the status field before the trigger would. */
    static final String NEVER_RECEIVED = "Only a received donation can be refunded, and this one was never received: "
            + "record it as received first, or leave it pledged.";

    /** The typed values of a valid form, or the message for each field that is not. */
    record Checked(Map<String, Object> values, Map<String, String> errors, List<Long> attendees) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    private final Function<String, Optional<Long>> accountByUsername;
    private final LongPredicate beneficiaryExists;

    RecordRules(Function<String, Optional<Long>> accountByUsername, LongPredicate beneficiaryExists) {
        this.accountByUsername = accountByUsername;
        this.beneficiaryExists = beneficiaryExists;
    }

    /**
     * The same rules, also taking the beneficiary a saved record names already, in the trash or not:
     * an application whose beneficiary was deleted can still be saved while it keeps them.
     */
    RecordRules keeping(Optional<Long> beneficiary) {
        return beneficiary.map(kept -> new RecordRules(accountByUsername, id -> id == kept || beneficiaryExists.test(id))).orElse(this);
    }

    Checked check(Kind kind, Map<String, String> typed) {
        var values = new LinkedHashMap<String, Object>();
        var errors = new LinkedHashMap<String, String>();
        var attendees = new ArrayList<Long>();
        for (Field field : kind.editable()) {
            String refused = RecordText.refusal(field.label(), typed.get(field.column()), field.multiline());
            if (refused != null) {
                errors.put(field.column(), refused);
                continue;
            }
            // Only invisible characters (a zero-width space, a direction mark, a BOM) is empty too; composed
            // (NFC), so a length counts what a person sees and "é" typed as e + U+0301 is stored as one character.
            String raw = RecordText.visible(typed.getOrDefault(field.column(), ""));
            if (raw.isEmpty()) {
                if (field.required()) {
                    errors.put(field.column(), field.label() + " is required.");
                } else if (field.stored()) {
                    values.put(field.column(), null);
                }
                continue;
            }
            try {
                if (field.type() == Field.Type.ACCOUNTS) {
                    attendees.addAll(accounts(raw));
                } else {
                    values.put(field.column(), value(field, raw));
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                errors.put(field.column(), e instanceof DateTimeParseException ? dateMessage(field) : e.getMessage());
            }
        }
        Money.decimalsOfItsCurrency(kind, values, errors);
        return new Checked(values, errors, List.copyOf(attendees));
    }

    /**
     * {@link #check} plus what only a new record must meet (V30: a new donation cannot be refunded),
     * so every way of creating one (the form, each line of the import) refuses it on its field and
     * no database refusal is left to surface.
     */
    Checked checkNew(Kind kind, Map<String, String> typed) {
        Checked checked = check(kind, typed);
        if (kind == Kind.DONATIONS && "refunded".equals(checked.values().get("status"))) {
            var errors = new LinkedHashMap<>(checked.errors());
            errors.putIfAbsent("status", NEVER_RECEIVED);
            return new Checked(checked.values(), errors, checked.attendees());
        }
        return checked;
    }

    private Object value(Field field, String raw) {
        return switch (field.type()) {
            case TEXT -> limited(raw, 200, field);
            case LONG_TEXT -> limited(raw, 4000, field);
            case NATIONAL_ID -> nationalId(raw);
            case PHONE -> phone(raw);
            case INT -> count(raw, field);
            case MONEY -> Money.amount(raw);
            case CURRENCY -> Money.currency(raw);
            case DATE -> date(raw);
            case TIME -> time(raw);
            case CHOICE -> choice(raw, field);
            case ACCOUNT -> accountByUsername.apply(raw.toLowerCase()).orElseThrow(() -> new IllegalArgumentException("There is no admin or staff account '" + abbreviate(raw) + "'."));
            case BENEFICIARY -> beneficiary(raw);
            case ACCOUNTS -> throw new IllegalStateException("attendees are not a column");
        };
    }

    private static String limited(String raw, int max, Field field) {
        int characters = raw.codePointCount(0, raw.length());
        if (characters > max) {
            throw new IllegalArgumentException(field.label() + " is at most " + max + " characters (this is " + characters + ").");
        }
        return raw;
    }

    /** TC Kimlik No: 11 digits, not starting with 0; digit 10 and 11 are checksums. */
    static String nationalId(String raw) {
        String digits = raw.replace(" ", "");
        if (!digits.matches("[1-9][0-9]{10}")) {
            throw new IllegalArgumentException("A national id is 11 digits and does not start with 0.");
        }
        if (!validNationalId(digits)) {
            throw new IllegalArgumentException("This national id's check digits are wrong: check it for a typo.");
        }
        return digits;
    }

    static boolean validNationalId(String digits) {
        int[] d = digits.chars().map(c -> c - '0').toArray();
        int odd = d[0] + d[2] + d[4] + d[6] + d[8];
        int even = d[1] + d[3] + d[5] + d[7];
        int tenth = ((odd * 7 - even) % 10 + 10) % 10;
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += d[i];
        }
        return tenth == d[9] && sum % 10 == d[10];
    }

    /** A phone number in E.164; numbers without a country code are read as Turkish. */
    static String phone(String raw) {
        try {
            var number = PHONES.parse(raw, "TR");
            if (number.hasExtension()) {
                // E.164 has no extension: stored, it was dropped without a word.
                throw new IllegalArgumentException("A phone number here has no extension (this has ext. " + abbreviate(number.getExtension())
                        + "): give the number only, and the extension in the notes.");
            }
            if (!PHONES.isValidNumber(number)) {
                throw new IllegalArgumentException("This is not a valid phone number; include the country code for numbers outside Turkey.");
            }
            return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("This is not a phone number; write it like 0532 123 45 67 or +44 20 7946 0958.");
        }
    }

    private static int count(String raw, Field field) {
        if (!raw.matches("\\d{1,4}") || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > 50) {
            throw new IllegalArgumentException(field.label() + " is a whole number from 1 to 50.");
        }
        return Integer.parseInt(raw);
    }

    private static java.time.OffsetDateTime time(String raw) {
        LocalDateTime time = LocalDateTime.parse(raw);
        if (time.getYear() < 1900 || time.getYear() > 2200) {
            throw new IllegalArgumentException("Pick a time between 1900 and 2200.");
        }
        return time.atOffset(ZoneOffset.UTC);
    }

    /** Every date of records (forms, CSV import, action items) meets this one rule: tasks made from them must save. */
    static LocalDate date(String raw) {
        LocalDate date = LocalDate.parse(raw);
        if (date.getYear() < 1900 || date.getYear() > 2200) {
            throw new IllegalArgumentException(DATE_RANGE);
        }
        return date;
    }

    private static String choice(String raw, Field field) {
        if (!field.options().contains(raw)) {
            throw new IllegalArgumentException(field.label() + " is one of " + String.join(", ", field.options()) + ".");
        }
        return raw;
    }

    private long beneficiary(String raw) {
        String digits = raw.startsWith("#") ? raw.substring(1) : raw;
        if (!digits.matches("\\d{1,18}") || !beneficiaryExists.test(Long.parseLong(digits))) {
            throw new IllegalArgumentException("There is no beneficiary #" + abbreviate(raw) + ".");
        }
        return Long.parseLong(digits);
    }

    private List<Long> accounts(String raw) {
        var ids = new ArrayList<Long>();
        // The same person named twice is one attendee: counted once, and looked up once.
        for (String name : java.util.Arrays.stream(raw.split("[,\\s]+")).map(n -> n.toLowerCase(java.util.Locale.ROOT)).distinct().toList()) {
            if (!name.isBlank()) {
                ids.add(accountByUsername.apply(name.toLowerCase()).orElseThrow(() -> new IllegalArgumentException("There is no admin or staff account '" + abbreviate(name) + "'.")));
            }
        }
        if (ids.size() > 50) {
            throw new IllegalArgumentException("A meeting has at most 50 attendees.");
        }
        return ids.stream().distinct().toList();
    }

    private static String dateMessage(Field field) {
        return field.type() == Field.Type.TIME ? field.label() + " must look like 2026-12-31T18:00." : field.label() + " must look like 2026-12-31.";
    }

    static String abbreviate(String raw) {
        String clean = raw.replaceAll("[^\\p{L}\\p{N} ._#-]", "?");
        return clean.length() > 30 ? clean.substring(0, 30) + "…" : clean;
    }
}
