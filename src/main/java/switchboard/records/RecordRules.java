package switchboard.records;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * The rules a typed form must meet, one message per field: the database's checks back each
 * of them, but a person should read "the check digit is wrong", not a constraint name.
 */
final class RecordRules {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    // java.util.Currency also knows codes no longer issued; ISO 4217 withdrew these (the euro's
    // predecessors, redenominations, VEF → VES, HRK → EUR, ZWL → ZWG): a new record may not use them.
    private static final Set<String> WITHDRAWN = Set.of("ADP", "AFA", "ATS", "AYM", "AZM", "BEF", "BGL", "BYB", "BYR", "CSD", "CYP",
            "DEM", "EEK", "ESP", "FIM", "FRF", "GHC", "GRD", "GWP", "HRK", "IEP", "ITL", "LTL", "LUF", "LVL", "MGF", "MRO", "MTL", "MZM",
            "NLG", "PTE", "ROL", "RUR", "SDD", "SIT", "SKK", "SRG", "STD", "TMM", "TPE", "TRL", "USS", "VEB", "VEF", "YUM", "ZMK",
            "ZWD", "ZWL", "ZWN", "ZWR");
    private static final BigDecimal MAX_MONEY = new BigDecimal("999999999999.99");
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
            // Only invisible characters (a zero-width space, a direction mark, a BOM) is empty too.
            String raw = switchboard.web.TextInput.visible(typed.getOrDefault(field.column(), ""));
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
        decimalsOfItsCurrency(kind, values, errors);
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

    /**
     * Each amount has at most its currency's minor units (JPY none, KWD three), written at that scale
     * (the money columns are plain numeric since V22, so nothing is rounded on the way in).
     */
    private static void decimalsOfItsCurrency(Kind kind, Map<String, Object> values, Map<String, String> errors) {
        var currency = kind.fields().stream().filter(f -> f.type() == Field.Type.CURRENCY).findFirst();
        if (currency.isEmpty() || !(values.get(currency.get().column()) instanceof String code)) {
            return;
        }
        int units = minorUnits(code).orElseThrow();
        for (Field f : kind.editable()) {
            if (f.type() != Field.Type.MONEY || !(values.get(f.column()) instanceof BigDecimal amount)) {
                continue;
            }
            // The money columns are plain numeric (V22): the amount is stored as written.
            int decimals = Math.max(0, amount.stripTrailingZeros().scale());
            if (decimals > units) {
                errors.put(f.column(), units == 0 ? code + " has no decimals."
                        : code + " takes at most " + units + " decimal" + (units == 1 ? "" : "s") + ".");
            } else {
                // Stored at the currency's own scale (EUR 7.00, JPY 1500, KWD 1.234), so sums and lists keep it.
                values.put(f.column(), amount.setScale(units));
            }
        }
    }

    /** A currency's minor units (0 to 3), for codes in current use that are money: not X-codes of metals, tests or no currency. */
    static Optional<Integer> minorUnits(String code) {
        if (!code.matches("[A-Z]{3}") || WITHDRAWN.contains(code)) {
            return Optional.empty();
        }
        try {
            int digits = Currency.getInstance(code).getDefaultFractionDigits();
            return digits < 0 ? Optional.empty() : Optional.of(digits);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Object value(Field field, String raw) {
        return switch (field.type()) {
            case TEXT -> limited(raw, 200, field);
            case LONG_TEXT -> limited(raw, 4000, field);
            case NATIONAL_ID -> nationalId(raw);
            case PHONE -> phone(raw);
            case INT -> count(raw, field);
            case MONEY -> money(raw);
            case CURRENCY -> currency(raw);
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

    static BigDecimal money(String raw) {
        String plain = raw.replace(" ", "");
        if (plain.matches("-[0-9.]+")) {
            throw new IllegalArgumentException("An amount must be more than zero.");
        }
        // ASCII digits only: BigDecimal alone would also take 1e3 and other scripts' digits.
        if (!plain.matches("[0-9]{1,15}(\\.[0-9]{1,15})?")) {
            throw new IllegalArgumentException("An amount is a number such as 1250.50.");
        }
        BigDecimal amount = new BigDecimal(plain);
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("An amount must be more than zero.");
        }
        // The decimals are checked against the currency once both are read (decimalsOfItsCurrency).
        if (amount.compareTo(MAX_MONEY) > 0) {
            throw new IllegalArgumentException("An amount has at most 12 digits before the point.");
        }
        return amount;
    }

    static String currency(String raw) {
        String code = raw.toUpperCase();
        if (minorUnits(code).isEmpty()) {
            throw new IllegalArgumentException("'" + abbreviate(raw) + "' is not a currency in use (ISO 4217, e.g. TRY, EUR, USD).");
        }
        return code;
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
        for (String name : raw.split("[,\\s]+")) {
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

    private static String abbreviate(String raw) {
        String clean = raw.replaceAll("[^\\p{L}\\p{N} ._#-]", "?");
        return clean.length() > 30 ? clean.substring(0, 30) + "…" : clean;
    }
}
