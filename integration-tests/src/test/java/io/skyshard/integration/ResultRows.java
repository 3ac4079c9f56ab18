package io.skyshard.integration;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Result rows normalised for comparison between engines: every number becomes a double (compared
 * with a tight relative tolerance), bytes and strings stay as they are, NULL stays null. Unordered
 * results are compared as sorted multisets.
 */
record ResultRows(List<List<Object>> rows) {
    static final double RELATIVE_TOLERANCE = 1e-9;

    static ResultRows read(ResultSet rs) throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(normalise(rs.getObject(i)));
            }
            rows.add(row);
        }
        return new ResultRows(rows);
    }

    static Object normalise(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof Float f) {
            // A FLOAT column must stay 32-bit: compare through the float value, not a widened double.
            return (double) f.floatValue();
        }
        if (v instanceof Number num) {
            if (v instanceof BigInteger || v instanceof BigDecimal) {
                return new BigDecimal(v.toString()).doubleValue();
            }
            return num.doubleValue();
        }
        if (v instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        return v.toString();
    }

    ResultRows sorted() {
        List<List<Object>> copy = new ArrayList<>(rows);
        // Rows whose rounded keys tie (1.2345671 and 1.2345674) then sort by their exact values, the same on both sides.
        copy.sort(Comparator.comparing(ResultRows::sortKey).thenComparing(Object::toString));
        return new ResultRows(copy);
    }

    private static String sortKey(List<Object> row) {
        StringBuilder sb = new StringBuilder();
        for (Object o : row) {
            // Round doubles so rows differing only in the last bits sort the same way on both sides;
            // whole numbers (ids of 15+ digits, up to 64-bit ones) stay exact, or rows with different ids would tie.
            String key;
            if (o instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e20) {
                key = String.format(java.util.Locale.ROOT, "%.0f", d);
            } else if (o instanceof Double d) {
                key = String.format(java.util.Locale.ROOT, "%.6e", d);
            } else {
                key = String.valueOf(o);
            }
            sb.append(key).append('|');
        }
        return sb.toString();
    }

    /** Null if equal, else a description of the first difference. */
    String difference(ResultRows expected) {
        if (rows.size() != expected.rows.size()) {
            return "row count " + rows.size() + " != expected " + expected.rows.size()
                    + (rows.size() < 5 && expected.rows.size() < 5 ? ": " + rows + " vs " + expected.rows : "");
        }
        for (int r = 0; r < rows.size(); r++) {
            List<Object> a = rows.get(r);
            List<Object> b = expected.rows.get(r);
            if (a.size() != b.size()) {
                return "row " + r + " has " + a.size() + " columns, expected " + b.size();
            }
            for (int c = 0; c < a.size(); c++) {
                if (!same(a.get(c), b.get(c))) {
                    return "row " + r + " column " + (c + 1) + ": " + a.get(c) + " != expected " + b.get(c)
                            + " (row " + a + " vs " + b + ")";
                }
            }
        }
        return null;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            if (x.isNaN() || y.isNaN()) {
                return x.isNaN() && y.isNaN();
            }
            double scale = Math.max(Math.abs(x), Math.abs(y));
            return Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(scale, 1e-300) || x.equals(y);
        }
        return Objects.equals(a, b);
    }
}
