package io.tollgate.admin;

import java.time.Instant;
import java.util.List;

/**
 * A CSV file spreadsheets open as they should: UTF-8 with a byte-order mark (so accented names
 * survive), CRLF line ends, every field quoted (commas, quotes and line breaks stay inside their
 * cell), and a cell that a spreadsheet would run as a formula ({@code = + - @}, tab, carriage
 * return at its start) prefixed with an apostrophe so it shows as text.
 */
public final class CsvTable {

    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private final StringBuilder text = new StringBuilder(BYTE_ORDER_MARK);

    public CsvTable(String... header) {
        row((Object[]) header);
    }

    public CsvTable row(Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append('"').append(cell(cells[i]).replace("\"", "\"\"")).append('"');
        }
        text.append("\r\n");
        return this;
    }

    static String cell(Object value) {
        String plain;
        if (value == null) {
            plain = "";
        } else if (value instanceof List<?> list) {
            plain = String.join(";", list.stream().map(String::valueOf).toList());
        } else if (value instanceof Instant instant) {
            plain = instant.toString();
        } else {
            plain = String.valueOf(value);
        }
        if (!plain.isEmpty() && "=+-@\t\r".indexOf(plain.charAt(0)) >= 0) {
            return "'" + plain;
        }
        return plain;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
