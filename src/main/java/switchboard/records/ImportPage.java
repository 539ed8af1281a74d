package switchboard.records;

import java.util.List;

/**
 * The donations import form: the CSV as sent and, when refused, what is wrong on which line;
 * {@code done} is the import just stored, {@code earlier} the import of the same CSV that
 * refused this one (the form then offers to import it again).
 */
public record ImportPage(Nav nav, String csv, List<String> problems, DonationImport done, DonationImport earlier) {
}
