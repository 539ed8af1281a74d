package switchboard.records;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Amounts and currencies as the records forms and the import take them: exact, in the currency's own decimals. */
final class Money {
    // java.util.Currency also knows codes no longer issued; ISO 4217 withdrew these (the euro's
    // predecessors, redenominations, VEF → VES, HRK → EUR, ZWL → ZWG): a new record may not use them.
    private static final Set<String> WITHDRAWN = Set.of("ADP", "AFA", "ATS", "AYM", "AZM", "BEF", "BGL", "BYB", "BYR", "CSD", "CYP",
            "DEM", "EEK", "ESP", "FIM", "FRF", "GHC", "GRD", "GWP", "HRK", "IEP", "ITL", "LTL", "LUF", "LVL", "MGF", "MRO", "MTL", "MZM",
            "NLG", "PTE", "ROL", "RUR", "SDD", "SIT", "SKK", "SRG", "STD", "TMM", "TPE", "TRL", "USS", "VEB", "VEF", "YUM", "ZMK",
            "ZWD", "ZWL", "ZWN", "ZWR");
    /** Twelve digits before the point, whatever the decimals: 999999999999.999 KWD has twelve. */
    private static final BigDecimal TOO_LARGE = BigDecimal.TEN.pow(12);

    private Money() {
    }

    /**
     * Each amount has at most its currency's minor units (JPY none, KWD three), written at that scale
     * (the money columns are plain numeric since V22, so nothing is rounded on the way in).
     */
    static void decimalsOfItsCurrency(Kind kind, Map<String, Object> values, Map<String, String> errors) {
        var currency = kind.fields().stream().filter(f -> f.type() == Field.Type.CURRENCY).findFirst();
        if (currency.isEmpty() || !(values.get(currency.get().column()) instanceof String code)) {
            return;
        }
        int units = minorUnits(code).orElseThrow();
        for (Field f : kind.editable()) {
            if (f.type() != Field.Type.MONEY || !(values.get(f.column()) instanceof BigDecimal amount)) {
                continue;
            }
            // The money columns are plain numeric (V22): stored at the currency's own scale (EUR
            // 7.00, JPY 1500, KWD 1.234), so sums and lists keep it.
            var atScale = switchboard.web.MinorUnits.atScale(amount, units);
            if (atScale.isPresent()) {
                values.put(f.column(), atScale.get());
            } else {
                errors.put(f.column(), switchboard.web.MinorUnits.refusal(code, units));
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

    /**
     * An amount as lists, pages and the export show it: at least its currency's decimals (a row
     * stored as 11240 TRY by an older seed shows as 11240.00 TRY beside 100.00 EUR), never rounded.
     */
    static String shown(BigDecimal amount, String currency) {
        return amount == null ? "" : padded(amount, currency).toPlainString();
    }

    /** A total as the lists' totals show it, its digits grouped: 1,234,567.50. */
    static String grouped(BigDecimal amount, String currency) {
        var padded = padded(amount, currency);
        String decimals = padded.scale() > 0 ? "." + "0".repeat(padded.scale()) : "";
        return new java.text.DecimalFormat("#,##0" + decimals, java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)).format(padded);
    }

    private static BigDecimal padded(BigDecimal amount, String currency) {
        int units = currency == null ? 0 : minorUnits(currency).orElse(0);
        return amount.scale() < units ? amount.setScale(units) : amount;
    }

    static BigDecimal amount(String raw) {
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
        if (amount.compareTo(TOO_LARGE) >= 0) {
            throw new IllegalArgumentException("An amount has at most 12 digits before the point.");
        }
        return amount;
    }

    static String currency(String raw) {
        String code = raw.toUpperCase();
        if (minorUnits(code).isEmpty()) {
            throw new IllegalArgumentException("'" + RecordRules.abbreviate(raw) + "' is not a currency in use (ISO 4217, e.g. TRY, EUR, USD).");
        }
        return code;
    }
}
