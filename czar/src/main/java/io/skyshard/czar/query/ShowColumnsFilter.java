package io.skyshard.czar.query;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.CzarErrorCode;
import io.skyshard.czar.frontend.mysql.ClientStatementInterceptor;
import io.skyshard.sql.parser.QservSqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

/**
 * The WHERE clause of {@code SHOW COLUMNS FROM t WHERE ...}, over the statement's own columns (Field,
 * Type, Null, Key, Default, Extra ...). As in MySQL, whose SHOW rows are information_schema strings,
 * text compares without regard to case. Comparisons, IN, LIKE, IS [NOT] NULL, AND, OR and NOT are
 * understood; anything else is refused by name rather than guessed at.
 */
final class ShowColumnsFilter {
    private final SqlNode condition;
    /** Lower-case column name -> position in a row. */
    private final Map<String, Integer> columns;

    private ShowColumnsFilter(SqlNode condition, Map<String, Integer> columns) {
        this.condition = condition;
        this.columns = columns;
    }

    /** @param columns the statement's column names, in row order */
    static ShowColumnsFilter parse(String where, List<String> columns) {
        SqlNode statement = QservSqlParser.parseOne("SELECT * FROM t WHERE " + where);
        if (!(statement instanceof SqlSelect select) || select.getWhere() == null) {
            throw new SkyshardException(CzarErrorCode.INVALID_QUERY, "cannot read the WHERE clause of SHOW COLUMNS: " + where);
        }
        Map<String, Integer> positions = new java.util.HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).toLowerCase(Locale.ROOT), i);
        }
        return new ShowColumnsFilter(select.getWhere(), positions);
    }

    /** Whether a row passes: the condition is true (not false, not unknown). */
    boolean accepts(List<Object> row) {
        return Boolean.TRUE.equals(truth(condition, row));
    }

    private Boolean truth(SqlNode node, List<Object> row) {
        if (!(node instanceof SqlCall call)) {
            // A bare value is a number there: text that reads as no number is 0, false.
            Object v = value(node, row);
            if (v == null) {
                return null;
            }
            try {
                return Double.parseDouble(v.toString().strip()) != 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        List<SqlNode> ops = call.getOperandList();
        return switch (call.getKind()) {
            case AND -> and(truth(ops.get(0), row), truth(ops.get(1), row));
            case OR -> not(and(not(truth(ops.get(0), row)), not(truth(ops.get(1), row))));
            case NOT -> not(truth(ops.get(0), row));
            case EQUALS -> compare(ops, row, c -> c == 0);
            case NOT_EQUALS -> compare(ops, row, c -> c != 0);
            case LESS_THAN -> compare(ops, row, c -> c < 0);
            case LESS_THAN_OR_EQUAL -> compare(ops, row, c -> c <= 0);
            case GREATER_THAN -> compare(ops, row, c -> c > 0);
            case GREATER_THAN_OR_EQUAL -> compare(ops, row, c -> c >= 0);
            case IS_NULL -> value(ops.get(0), row) == null;
            case IS_NOT_NULL -> value(ops.get(0), row) != null;
            case IN, NOT_IN -> {
                if (!(ops.get(1) instanceof SqlNodeList list)) {
                    throw unsupported(ops.get(1));
                }
                Boolean in = in(value(ops.get(0), row), list, row);
                yield call.getKind() == org.apache.calcite.sql.SqlKind.IN ? in : not(in);
            }
            case LIKE -> {
                Object v = value(ops.get(0), row);
                Object p = value(ops.get(1), row);
                if (v == null || p == null) {
                    yield null;
                }
                boolean match = ClientStatementInterceptor.likePattern(p.toString()).matcher(v.toString()).matches();
                boolean negated = call.getOperator().getName().toUpperCase(Locale.ROOT).startsWith("NOT");
                yield negated != match;
            }
            default -> throw unsupported(call);
        };
    }

    private Boolean compare(List<SqlNode> ops, List<Object> row, java.util.function.IntPredicate test) {
        Object a = value(ops.get(0), row);
        Object b = value(ops.get(1), row);
        return a == null || b == null ? null : test.test(a.toString().compareToIgnoreCase(b.toString()));
    }

    private Boolean in(Object v, SqlNodeList list, List<Object> row) {
        if (v == null) {
            return null;
        }
        boolean unknown = false;
        for (SqlNode item : list) {
            Object o = value(item, row);
            if (o == null) {
                unknown = true;
            } else if (o.toString().equalsIgnoreCase(v.toString())) {
                return true;
            }
        }
        return unknown ? null : false;
    }

    private Object value(SqlNode node, List<Object> row) {
        if (node instanceof SqlIdentifier id && id.isSimple()) {
            Integer at = columns.get(id.getSimple().toLowerCase(Locale.ROOT));
            if (at == null) {
                throw new SkyshardException(CzarErrorCode.INVALID_QUERY, "Unknown column '" + id.getSimple()
                        + "' in 'where clause' of SHOW COLUMNS (its columns are " + names() + ")");
            }
            return row.get(at);
        }
        if (node instanceof SqlCharStringLiteral s) {
            return s.getValueAs(String.class);
        }
        if (node instanceof SqlLiteral literal) {
            Object v = literal.getValue();
            return v == null ? null : literal.toValue();
        }
        throw unsupported(node);
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(columns.keySet());
        names.sort(java.util.Comparator.comparing(columns::get));
        return names;
    }

    private static SkyshardException unsupported(SqlNode node) {
        String what = node instanceof SqlBasicCall call ? call.getOperator().getName() : node.toString();
        return new SkyshardException(CzarErrorCode.UNSUPPORTED_STATEMENT, "SHOW COLUMNS ... WHERE supports comparisons,"
                + " IN, LIKE, IS [NOT] NULL, AND, OR and NOT of its columns and constants, not " + what);
    }

    private static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    private static Boolean not(Boolean a) {
        return a == null ? null : !a;
    }
}
