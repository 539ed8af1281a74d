package switchboard.chat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A message as pages show it; {@link #segments} splits the text into plain runs and links. */
public record Message(long id, long threadId, long authorId, String author, String body, OffsetDateTime at, boolean edited,
                      boolean deleted, List<Attachment> attachments) {
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+[^\\s<>\"'.,;:!?)\\]]");

    public record Attachment(long id, String filename, String contentType, int size) {
        public boolean image() {
            return contentType.startsWith("image/");
        }
    }

    /** A run of text, or a link when {@code link} is true (only http and https become links). */
    public record Segment(String text, boolean link) {
    }

    public List<Segment> segments() {
        var out = new ArrayList<Segment>();
        var m = URL.matcher(body);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.add(new Segment(body.substring(at, m.start()), false));
            }
            out.add(new Segment(m.group(), true));
            at = m.end();
        }
        if (at < body.length()) {
            out.add(new Segment(body.substring(at), false));
        }
        return out;
    }
}
