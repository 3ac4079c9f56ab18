package io.skyshard.tap.upload;

import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.tap.TapErrorCode;
import io.skyshard.tap.adql.TapColumn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableFactory;
import uk.ac.starlink.util.ByteArrayDataSource;

/**
 * Reads an uploaded VOTable (any serialisation STIL reads) into an {@link UploadTable}. Scalar
 * columns of the VOTable primitive types and strings are accepted; array-valued columns are refused
 * with the column's name. Rows beyond {@code maxRows} make the upload fail with the limit named.
 */
public final class UploadReader {
    private UploadReader() {
    }

    public static UploadTable read(String name, byte[] votable, long maxRows) {
        StarTable table;
        try {
            table = new StarTableFactory(false).makeStarTable(new ByteArrayDataSource(name, votable), "votable");
        } catch (IOException | RuntimeException e) {
            throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "upload '" + name + "' is not a readable VOTable: "
                    + e.getMessage(), e);
        }
        try {
            List<TapColumn> columns = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < table.getColumnCount(); i++) {
                ColumnInfo info = table.getColumnInfo(i);
                String column = info.getName() == null ? "" : info.getName().strip();
                if (column.isEmpty()) {
                    throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "upload '" + name + "': column " + (i + 1)
                            + " has no name");
                }
                if (!seen.add(column.toLowerCase(Locale.ROOT))) {
                    throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "upload '" + name + "': column name '" + column
                            + "' appears twice");
                }
                columns.add(new TapColumn(column, type(name, info), true, info.getUnitString(), info.getUCD(),
                        info.getUtype(), info.getDescription(), true, false, info.getXtype()));
            }
            if (columns.isEmpty()) {
                throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "upload '" + name + "' has no columns");
            }
            List<Object[]> rows = new ArrayList<>();
            try (RowSequence seq = table.getRowSequence()) {
                while (seq.next()) {
                    if (rows.size() >= maxRows) {
                        throw new SkyshardException(TapErrorCode.UPLOAD_TOO_LARGE, "upload '" + name + "' has more than "
                                + maxRows + " rows, the most this service accepts");
                    }
                    Object[] row = seq.getRow().clone();
                    for (int c = 0; c < row.length; c++) {
                        row[c] = value(row[c], columns.get(c).type());
                    }
                    rows.add(row);
                }
            }
            return new UploadTable(name, columns, rows);
        } catch (IOException e) {
            throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "upload '" + name + "' cannot be read: " + e.getMessage(), e);
        }
    }

    private static ColumnType type(String table, ColumnInfo info) {
        Class<?> c = info.getContentClass();
        if (c == Boolean.class) {
            return ColumnType.BOOLEAN;
        }
        if (c == Byte.class || c == Short.class) {
            return ColumnType.SMALLINT;
        }
        if (c == Integer.class) {
            return ColumnType.INTEGER;
        }
        if (c == Long.class) {
            return ColumnType.BIGINT;
        }
        if (c == Float.class) {
            return ColumnType.FLOAT;
        }
        if (c == Double.class) {
            return ColumnType.DOUBLE;
        }
        if (c == String.class || c == Character.class) {
            return ColumnType.VARCHAR;
        }
        throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "upload '" + table + "': column '" + info.getName()
                + "' has values of type " + c.getSimpleName() + "; only scalar numbers, booleans and strings are supported");
    }

    /** STIL reads blank/NaN-flagged integers as null and floats as NaN; both travel as NULL. */
    private static Object value(Object v, ColumnType type) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case BOOLEAN -> v;
            case SMALLINT, INTEGER, BIGINT -> ((Number) v).longValue();
            case FLOAT -> Float.isNaN(((Number) v).floatValue()) ? null : ((Number) v).floatValue();
            case DOUBLE -> Double.isNaN(((Number) v).doubleValue()) ? null : ((Number) v).doubleValue();
            default -> v.toString();
        };
    }
}
