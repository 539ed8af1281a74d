package switchboard.records;

import java.util.List;

/** The donations import form: the CSV as pasted and, when refused, what is wrong on which row. */
public record ImportPage(Nav nav, String csv, List<String> problems, Integer imported) {
}
