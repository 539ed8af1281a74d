package switchboard.records;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV, both ways. A cell that starts like a formula is prefixed so spreadsheets show it as text. */
final class Csv {
    /**
     * The only cells that may start with + or - unprefixed: a spreadsheet reads "+1+HYPERLINK(...)"
     * or "-2+3+cmd|..." as a formula, so "starts with a digit" is not enough, the whole cell must be a number.
     */
    private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?");

    private Csv() {
    }

    /**
     * What a cell may start with to be prefixed: a formula's first characters, and the prefix itself,
     * so that {@link #unprefixed} can take exactly one off and "'already" comes back as it was.
     */
    private static final String PREFIXED = "=+-@\t\r'";

    static String quote(String value) {
        boolean formula = !value.isEmpty() && PREFIXED.indexOf(value.charAt(0)) >= 0 && !PLAIN_NUMBER.matcher(value).matches();
        String v = formula ? "'" + value : value;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** A cell as it was before {@link #quote} prefixed it: an export imports back unchanged. */
    static String unprefixed(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && PREFIXED.indexOf(cell.charAt(1)) >= 0 ? cell.substring(1) : cell;
    }

    /** One row and the physical line of the file it starts on (a quoted cell may span lines). */
    record Line(int number, List<String> cells) {
    }

    /** A quote opened on line {@code line} never closes: everything after it would be one cell. */
    static final class UnterminatedQuote extends IllegalArgumentException {
        final int line;

        UnterminatedQuote(int line) {
            super("Line " + line + ": a quote opens a cell there and never closes.");
            this.line = line;
        }
    }

    /** The rows of {@code text}; quoted cells may hold commas, quotes and line breaks. Blank lines are skipped. */
    static List<Line> parse(String text) {
        var rows = new ArrayList<Line>();
        var row = new ArrayList<String>();
        var cell = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int rowStart = 1;
        int quoteStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // \r\n, \n and a lone \r each end one physical line, inside a quoted cell too.
            boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                quoteStart = line;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                    lineBreak = true;
                }
                row.add(cell.toString());
                cell.setLength(0);
                add(rows, rowStart, row);
                row = new ArrayList<>();
                rowStart = line + 1;
            } else {
                cell.append(c);
            }
            if (lineBreak) {
                line++;
            }
        }
        if (quoted) {
            throw new UnterminatedQuote(quoteStart);
        }
        row.add(cell.toString());
        add(rows, rowStart, row);
        return rows;
    }

    private static void add(List<Line> rows, int number, List<String> row) {
        if (!(row.size() == 1 && row.getFirst().isBlank())) {
            rows.add(new Line(number, row));
        }
    }
}
