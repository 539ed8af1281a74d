package switchboard.web;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The app's one Jackson mapper: the ingest API, problem+json errors and Javalin's own JSON
 * answers all read and write JSON the same way. It is configured here once and never changed
 * after, which is what makes sharing it across threads safe.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
