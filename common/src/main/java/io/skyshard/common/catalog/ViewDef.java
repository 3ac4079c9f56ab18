package io.skyshard.common.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A view as catalogs define them over one table (Qserv's DeepSource over RunDeepSource): the table's
 * columns under other names, every row. Queries read it as the derived table
 * {@code (SELECT baseColumn AS name, ... FROM baseTable)}.
 *
 * @param name      the view's name, unique among the tables and views of its database
 * @param baseTable the table it shows, of the same database
 * @param columns   its columns in order
 */
public record ViewDef(String name, String baseTable, List<Column> columns) {
    /**
     * One column: {@code baseColumn AS name}, or a constant {@code literal AS name} (mysqldump writes
     * {@code 0x00 AS flagNegative} for a flag the table lacks).
     *
     * @param baseColumn the base table's column; null for a constant
     * @param literal    a MySQL hexadecimal literal ({@code 0x00}); null for a column
     */
    public record Column(String name, String baseColumn, String literal) {
        public Column {
            requireNonNull(name, "name");
            if ((baseColumn == null) == (literal == null)) {
                throw new IllegalArgumentException("view column " + name + " is either a column or a literal");
            }
            if (literal != null && !isHexLiteral(literal)) {
                throw new IllegalArgumentException("view column " + name + ": " + literal + " is not a hexadecimal literal");
            }
        }

        public Column(String name, String baseColumn) {
            this(name, baseColumn, null);
        }

        /** Bytes of a constant column. */
        public int literalBytes() {
            return (literal.length() - 2 + 1) / 2;
        }

        public static boolean isHexLiteral(String text) {
            return text.matches("0[xX][0-9a-fA-F]+");
        }
    }

    public ViewDef {
        requireNonNull(name, "name");
        requireNonNull(baseTable, "baseTable");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("view " + name + " has no columns");
        }
    }
}
