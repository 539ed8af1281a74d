package switchboard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import switchboard.web.IngestProblem;
import switchboard.web.TextInput;

/**
 * One {@code wager.*} ingest event, checked for form: ids, amounts (exact decimals, never
 * floating point), a currency code. Whether it is legal for the wager's state is
 * {@link WagerRules}' business, inside the transaction.
 */
record WagerEvent(String type, String wagerId, String customerId, String agentId, BigDecimal stake, String currency,
                  BigDecimal odds, BigDecimal potentialPayout, String market, String result, BigDecimal payout) {
    static final List<String> TYPES = List.of("wager.placed", "wager.modified", "wager.settled", "wager.cancelled");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final Pattern PLAIN = Pattern.compile("([0-9]+)(?:\\.([0-9]+))?");
    /**
     * Digits read: 15 before the point is over every bound (the largest, a potential payout, is
     * 10^14), 20 after it more decimals than any currency or the odds have, zeros to spare.
     */
    static final int WHOLE_DIGITS = 15;
    static final int DECIMALS = 20;
    static final BigDecimal MAX_STAKE = new BigDecimal("1000000000");
    static final BigDecimal MAX_ODDS = new BigDecimal("100000");
    static final BigDecimal MAX_PAYOUT = MAX_STAKE.multiply(MAX_ODDS);

    static WagerEvent of(JsonNode json) {
        String type = json.path("type").asText();
        if (!TYPES.contains(type)) {
            throw IngestProblem.rule("type", "Unknown wager event type '" + TextInput.shown(type) + "'; known: " + String.join(", ", TYPES) + ".");
        }
        String wagerId = id(json, "wagerId", ID);
        return switch (type) {
            case "wager.placed" -> {
                BigDecimal stake = amount(json, "stake", true, MAX_STAKE);
                BigDecimal odds = amount(json, "odds", false, MAX_ODDS);
                BigDecimal potential = amount(json, "potentialPayout", false, MAX_PAYOUT);
                if ((odds == null) == (potential == null)) {
                    throw IngestProblem.rule("odds", "Send either 'odds' (decimal, above 1) or 'potentialPayout', not both or neither.");
                }
                yield new WagerEvent(type, wagerId, id(json, "customerId", ID), id(json, "agentId", AGENT_ID), stake, currency(json),
                        odds, potential, text(json, "market", 200), null, null);
            }
            case "wager.modified" -> {
                // First: a payout alone is refused on the field sent, not as a stake it never sent.
                noPayout(json, type);
                BigDecimal stake = amount(json, "stake", false, MAX_STAKE);
                BigDecimal odds = amount(json, "odds", false, MAX_ODDS);
                BigDecimal potential = amount(json, "potentialPayout", false, MAX_PAYOUT);
                if (stake == null && odds == null && potential == null) {
                    throw IngestProblem.rule("stake", "A wager.modified event changes 'stake', 'odds' or 'potentialPayout'; it has none.");
                }
                if (odds != null && potential != null) {
                    throw IngestProblem.rule("odds", "Send either 'odds' or 'potentialPayout', not both.");
                }
                yield new WagerEvent(type, wagerId, null, null, stake, claimedCurrency(json), odds, potential, null, null, null);
            }
            case "wager.settled" -> {
                String result = json.path("result").asText("");
                if (!List.of("won", "lost", "void").contains(result)) {
                    throw IngestProblem.rule("result", "'result' is one of won, lost or void.");
                }
                BigDecimal payout = amount(json, "payout", result.equals("won"), MAX_PAYOUT);
                if (result.equals("lost") && payout != null && payout.signum() != 0) {
                    throw IngestProblem.rule("payout", "A lost wager pays nothing; leave 'payout' out.");
                }
                yield claims(json, type, wagerId, result, payout);
            }
            default -> {
                noPayout(json, type);
                yield claims(json, type, wagerId, null, null);
            }
        };
    }

    /**
     * A settlement or cancellation with the money fields it does not take but was sent anyway
     * ({@code currency}, {@code stake}, {@code odds}, {@code potentialPayout}): each is a claim
     * about the wager that {@link WagerRules} checks against it, never silently ignored.
     */
    private static WagerEvent claims(JsonNode json, String type, String wagerId, String result, BigDecimal payout) {
        return new WagerEvent(type, wagerId, null, null, amount(json, "stake", false, MAX_STAKE), claimedCurrency(json),
                amount(json, "odds", false, MAX_ODDS), amount(json, "potentialPayout", false, MAX_PAYOUT), null, result, payout);
    }

    /** Only a settlement pays: a payout sent with another event would be dropped without a word. */
    private static void noPayout(JsonNode json, String type) {
        if (json.hasNonNull("payout")) {
            throw IngestProblem.rule("payout", "A " + type + " event pays nothing; a payout is sent with wager.settled. Leave 'payout' out.");
        }
    }

    /** A currency sent with an event about a placed wager: checked against the wager's, never used to change it. */
    private static String claimedCurrency(JsonNode json) {
        return json.hasNonNull("currency") ? currency(json) : null;
    }

    private static String id(JsonNode json, String field, Pattern form) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || !form.matcher(value.asText()).matches()) {
            throw IngestProblem.rule(field, "'" + field + "' must be a string of letters, digits, '.', '_' or '-' (at most "
                    + (form == AGENT_ID ? 40 : 64) + ").");
        }
        return value.asText();
    }

    private static String currency(JsonNode json) {
        JsonNode value = json.get("currency");
        if (value == null || !value.isTextual() || !CURRENCY.matcher(value.asText()).matches()) {
            throw IngestProblem.rule("currency", "'currency' must be an ISO 4217 code such as EUR or USD.");
        }
        return value.asText();
    }

    private static String text(JsonNode json, String field, int max) {
        JsonNode value = json.get(field);
        // Spaces around it go; text of nothing visible (U+200B, U+00A0, a braille blank …) is no text.
        // A control character is looked for before the stripping, which would drop one at an end.
        String sent = value == null || !value.isTextual() ? "" : value.asText();
        String text = TextInput.visible(sent);
        if (text.isEmpty() || text.codePointCount(0, text.length()) > max || TextInput.controlCharacter(sent, false) >= 0) {
            throw IngestProblem.rule(field, "'" + field + "' must be plain text of 1 to " + max + " characters, at least one of them visible.");
        }
        return text;
    }

    /** A positive decimal given as a JSON number or string ("12.50"); at most {@code max}. */
    static BigDecimal amount(JsonNode json, String field, boolean required, BigDecimal max) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw IngestProblem.rule(field, "'" + field + "' is required.");
            }
            return null;
        }
        // A number is read exactly as written (Json: no double, no exponent); text is a plain
        // decimal ("12.50") exactly as sent: no spaces around it, no exponent, no sign, no digits
        // of other scripts. Its digits are counted before anything is parsed, so a refusal says
        // what is wrong with it (too large, too many decimals) and 5000 digits cost no arithmetic.
        boolean negative = value.isNumber() && value.decimalValue().signum() < 0;
        String written = value.isNumber() ? value.decimalValue().abs().toPlainString() : value.isTextual() ? value.asText() : "";
        var digits = PLAIN.matcher(written);
        if (!digits.matches()) {
            throw IngestProblem.rule(field, "'" + field + "' must be a plain decimal without spaces, sign or exponent, such as 12.50.");
        }
        String whole = digits.group(1).replaceFirst("^0+(?=.)", "");
        String decimals = digits.group(2) == null ? "" : digits.group(2);
        if (!negative && whole.length() > WHOLE_DIGITS) {
            throw IngestProblem.rule(field, "'" + field + "' is too large: it must be " + range(field, max) + "; it is "
                    + TextInput.shown(written) + " (" + whole.length() + " digits before the point).");
        }
        if (decimals.length() > DECIMALS) {
            throw IngestProblem.rule(field, "'" + field + "' has " + decimals.length() + " decimals; "
                    + (field.equals("odds") ? "odds have at most 4." : "send at most its currency's (EUR 2, JPY 0, KWD 3)."));
        }
        BigDecimal amount = new BigDecimal((negative ? "-" : "") + whole + (decimals.isEmpty() ? "" : "." + decimals));
        // Odds have at most 4 decimals (zeros after them change nothing); a money field's are its
        // currency's, checked by WagerRules against that currency (so the refusal says EUR's 2).
        if (field.equals("odds") && amount.stripTrailingZeros().scale() > 4) {
            throw IngestProblem.rule(field, "'odds' have at most 4 decimals, such as 2.5 or 1.9091; it is " + TextInput.shown(written) + ".");
        }
        if (amount.compareTo(max) > 0) {
            throw IngestProblem.rule(field, "'" + field + "' is too large: it must be " + range(field, max) + "; it is " + amount.toPlainString() + ".");
        }
        if (amount.signum() < 0 || (amount.signum() == 0 && !field.equals("payout"))) {
            throw IngestProblem.rule(field, "'" + field + "' must be " + range(field, max) + "; it is " + TextInput.shown(amount.toPlainString()) + ".");
        }
        if (field.equals("odds") && amount.compareTo(BigDecimal.ONE) <= 0) {
            throw IngestProblem.rule(field, "'odds' must be above 1 (decimal odds: 2.5 pays 2.5 times the stake); it is " + amount.toPlainString() + ".");
        }
        return amount.stripTrailingZeros().scale() < 0 ? amount.setScale(0) : amount.stripTrailingZeros();
    }

    private static String range(String field, BigDecimal max) {
        return (field.equals("payout") ? "from 0" : field.equals("odds") ? "above 1" : "above 0") + " up to " + max.toPlainString();
    }
}
