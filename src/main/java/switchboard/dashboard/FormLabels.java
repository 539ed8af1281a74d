package switchboard.dashboard;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import switchboard.web.Input;
import switchboard.web.TextInput;

/**
 * The dashboard's admin forms' fields by their labels' words, which every refusal uses, and the
 * check of their characters: these forms take the control characters the request edge refuses
 * elsewhere ({@link Dashboard#FORMS}), so that one is refused on its field, 422, with what was
 * typed kept, rather than as the edge's bare 400 page.
 */
final class FormLabels {
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("wagerId", "Wager id"), Map.entry("customerId", "Customer id"), Map.entry("agentId", "Agent id"),
            Map.entry("stake", "Stake"), Map.entry("currency", "Currency"), Map.entry("odds", "Decimal odds"), Map.entry("market", "Market"),
            Map.entry("bigWager", "Big wager"), Map.entry("liabilityJumpPct", "Liability jump"), Map.entry("customerExposure", "Customer exposure"),
            Map.entry("feedLagMs", "Feed lag"), Map.entry("currencyBigWager", "Big wager in that currency"),
            Map.entry("currencyExposure", "Customer exposure in that currency"), Map.entry("agentName", "Agent name"),
            Map.entry("username", "Username"), Map.entry("displayName", "Display name"), Map.entry("password", "Password"));

    private FormLabels() {
    }

    static String of(String field) {
        return LABELS.getOrDefault(field, field);
    }

    /** Refuses a control character (or half a character) in any of {@code fields} as sent, before spaces around it are stripped. */
    static void plainText(Context ctx, List<String> fields) {
        for (String field : fields) {
            String refused = TextInput.controlRefusal(of(field), Input.text(ctx, field), false);
            if (refused != null) {
                throw new FieldError(field, 422, refused);
            }
        }
    }
}
