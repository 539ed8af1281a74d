package switchboard.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The app's one Jackson mapper: the ingest API, problem+json errors and Javalin's own JSON
 * answers all read and write JSON the same way. It is configured here once and never changed
 * after, which is what makes sharing it across threads safe.
 *
 * <p>Numbers with a fraction are read as exact decimals as written ({@code 25.10} stays 25.10),
 * never through {@code double}, which turned {@code 25.0000000000000001} into 25 and
 * {@code 99999999999999.99} into …98; a name given twice in one object is an error rather
 * than the last one winning.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /**
     * A JSON number the API does not take, and {@link #path} says where: one written with an
     * exponent ({@code 1e3}) where only plain decimals are taken, or one longer than the parser
     * reads ({@link #tooLong}: over {@link #maxDigits} characters).
     */
    public static final class NumberException extends JsonParseException {
        private final String path;
        private final boolean inArray;
        private final String number;

        NumberException(JsonParser parser, String path, boolean inArray, String number) {
            super(parser, number == null ? "a number over " + maxDigits() + " digits" : "a number with an exponent (" + number + ")");
            this.path = path;
            this.inArray = inArray;
            this.number = number;
        }

        /** Where it is, as a JSON pointer: {@code /stake}, {@code /3/payout}. */
        public String path() {
            return path;
        }

        /** Whether the body is an array, so the pointer's first step is an index. */
        public boolean inArray() {
            return inArray;
        }

        /** The number with its exponent, as written; null when it is {@link #tooLong}. */
        public String number() {
            return number;
        }

        public boolean tooLong() {
            return number == null;
        }
    }

    /** The most characters a JSON number may have (Jackson's limit, which keeps a megabyte of digits from being parsed). */
    public static int maxDigits() {
        return MAPPER.getFactory().streamReadConstraints().getMaxNumberLength();
    }

    /**
     * Reads a request body that must be exactly one JSON value: numbers exact, none written with
     * an exponent or too long ({@link NumberException}), and nothing after the value (two objects sent one
     * after the other, or trailing text, are an error, not a second event silently dropped).
     */
    public static JsonNode readStrict(byte[] body) throws IOException {
        try (JsonParser parser = new PlainNumbers(MAPPER.createParser(body))) {
            JsonNode tree = MAPPER.readTree(parser);
            if (tree != null && parser.nextToken() != null) {
                throw new JsonParseException(parser, "Unexpected data after the JSON value (send one object or one array)");
            }
            return tree;
        }
    }

    /** Refuses a number token written with an exponent, or too long to read, as the tree is built, knowing where it is. */
    private static final class PlainNumbers extends JsonParserDelegate {
        PlainNumbers(JsonParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token;
            try {
                token = super.nextToken();
            } catch (StreamConstraintsException e) {
                // Jackson's own words name its settings, which the sender cannot change; say where the number is instead.
                if (e.getMessage() != null && e.getMessage().startsWith("Number value length")) {
                    throw refused(null);
                }
                throw e;
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                String text = getText();
                if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
                    throw refused(text);
                }
            }
            return token;
        }

        private NumberException refused(String number) {
            var outermost = getParsingContext();
            while (outermost.getParent() != null && !outermost.getParent().inRoot()) {
                outermost = outermost.getParent();
            }
            return new NumberException(this, getParsingContext().pathAsPointer().toString(), outermost.inArray(), number);
        }
    }
}
