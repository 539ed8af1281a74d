package switchboard.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
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

    /** A JSON number written with an exponent ({@code 1e3}) where only plain decimals are taken; {@link #path} says where. */
    public static final class ExponentException extends JsonParseException {
        private final String path;
        private final boolean inArray;
        private final String number;

        ExponentException(JsonParser parser, String path, boolean inArray, String number) {
            super(parser, "a number with an exponent (" + number + ")");
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

        public String number() {
            return number;
        }
    }

    /**
     * Reads a request body that must be exactly one JSON value: numbers exact, none written with
     * an exponent ({@link ExponentException}), and nothing after the value (two objects sent one
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

    /** Refuses a number token written with an exponent as the tree is built, knowing where it is. */
    private static final class PlainNumbers extends JsonParserDelegate {
        PlainNumbers(JsonParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = super.nextToken();
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                String text = getText();
                if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
                    var outermost = getParsingContext();
                    while (outermost.getParent() != null && !outermost.getParent().inRoot()) {
                        outermost = outermost.getParent();
                    }
                    throw new ExponentException(this, getParsingContext().pathAsPointer().toString(), outermost.inArray(), text);
                }
            }
            return token;
        }
    }
}
