package io.skyshard.sql.analysis;

import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.plan.QueryPlan;
import io.skyshard.sql.plan.StagedPlan;
import io.skyshard.sql.rewrite.SqlTrees;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Plans UNION [ALL], INTERSECT [ALL] and EXCEPT [ALL]: every branch is its own plan (distributed,
 * staged, ...) whose result a stage keeps at the czar; the set operation itself, with its ORDER BY
 * and LIMIT, runs there over those tables, reading result columns by position. Branches keep their
 * own ORDER BY / LIMIT when parenthesised. Result columns are named after the first branch (MySQL).
 *
 * <pre>
 * SELECT objectId FROM Object WHERE ... UNION ALL SELECT objectId FROM Source WHERE ... ORDER BY 1 LIMIT 10
 *   stages: skyshard_stage_1 = plan of branch 1, skyshard_stage_2 = plan of branch 2
 *   result: SELECT c0 AS objectId FROM (SELECT * FROM skyshard_stage_1 UNION ALL SELECT * FROM skyshard_stage_2)
 *           ORDER BY 1 NULLS FIRST LIMIT 10
 * </pre>
 */
public final class SetOperationPlanner {
    private SetOperationPlanner() {
    }

    public static boolean isSetOperation(SqlNode query) {
        SqlNode q = query instanceof SqlOrderBy o ? o.query : query;
        return q.getKind() == SqlKind.UNION || q.getKind() == SqlKind.INTERSECT || q.getKind() == SqlKind.EXCEPT;
    }

    public static QueryPlan plan(PlanningSession session, SqlNode query, List<String> outputNames) {
        SqlNodeList orderList = null;
        SqlNode offset = null;
        SqlNode fetch = null;
        SqlNode setOp = query;
        if (query instanceof SqlOrderBy o) {
            orderList = o.orderList;
            offset = o.offset;
            fetch = o.fetch;
            setOp = o.query;
        }
        List<StagedPlan.Stage> stages = new ArrayList<>();
        List<String> names = new ArrayList<>();
        SqlNode tree = branches(session, (SqlCall) setOp, stages, names);
        int width = names.size();
        List<String> positional = positional(width);

        if (outputNames != null && outputNames.size() != width) {
            throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, query, "The derived table's column list names "
                    + outputNames.size() + " columns but its query has " + width);
        }
        List<SqlNode> items = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            items.add(SqlTrees.as(SqlTrees.id(positional.get(i)), outputNames != null ? outputNames.get(i) : names.get(i)));
        }
        List<SqlNode> order = new ArrayList<>();
        if (orderList != null) {
            for (SqlNode o : orderList) {
                order.add(orderItem(o, names));
            }
        }
        offset = StatementShapePass.checkedLimit(offset, "OFFSET");
        fetch = StatementShapePass.checkedLimit(fetch, "LIMIT");
        // Stage tables keep the branches' own column names (duplicates allowed); the set is read by position.
        List<SqlNode> asOperands = new ArrayList<>(List.of(tree, SqlTrees.id("skyshard_set")));
        positional.forEach(c -> asOperands.add(SqlTrees.id(c)));
        SqlNode from = org.apache.calcite.sql.fun.SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, asOperands);
        SqlSelect result = AggregateSplitPass.select(false, items, from, null, null, null, order, offset, fetch);
        return new StagedPlan(stages, new io.skyshard.sql.plan.LocalPlan(AggregateSplitPass.unparse(result), names));
    }

    /**
     * The set-operation tree over {@code SELECT * FROM stage} leaves, planning each branch into a
     * stage; {@code names} receives the first branch's column names.
     */
    private static SqlNode branches(PlanningSession session, SqlCall setOp, List<StagedPlan.Stage> stages, List<String> names) {
        List<SqlNode> operands = new ArrayList<>();
        for (SqlNode branch : setOp.getOperandList()) {
            if (branch.getKind() == setOp.getKind() || branch.getKind() == SqlKind.UNION || branch.getKind() == SqlKind.INTERSECT
                    || branch.getKind() == SqlKind.EXCEPT) {
                operands.add(branches(session, (SqlCall) branch, stages, names));
                continue;
            }
            QueryPlan plan = session.plan(branch, null);
            List<String> branchNames = plan.columnNames();
            if (names.isEmpty()) {
                names.addAll(branchNames);
            } else if (branchNames.size() != names.size()) {
                throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, branch,
                        "The used SELECT statements have a different number of columns (" + names.size() + " and "
                                + branchNames.size() + ")");
            }
            String table = session.newStageTable();
            stages.add(new StagedPlan.Stage(table, plan));
            operands.add(AggregateSplitPass.select(false, List.of(SqlIdentifier.star(SqlParserPos.ZERO)), SqlTrees.id(table),
                    null, null, null, null, null, null));
        }
        return setOp.getOperator().createCall(setOp.getParserPosition(), operands);
    }

    private static List<String> positional(int width) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            out.add("c" + i);
        }
        return out;
    }

    /** ORDER BY of a set operation: result columns by position or by the first branch's names. */
    private static SqlNode orderItem(SqlNode o, List<String> names) {
        Boolean nullsFirst = null;
        if (o.getKind() == SqlKind.NULLS_FIRST || o.getKind() == SqlKind.NULLS_LAST) {
            nullsFirst = o.getKind() == SqlKind.NULLS_FIRST;
            o = ((SqlCall) o).operand(0);
        }
        boolean desc = false;
        if (o.getKind() == SqlKind.DESCENDING) {
            desc = true;
            o = ((SqlCall) o).operand(0);
        }
        int column = -1;
        BigDecimal position = SqlTrees.numericValue(o);
        if (position != null) {
            column = position.intValue() - 1;
            if (column < 0 || column >= names.size() || position.scale() > 0) {
                throw SqlErrors.error(SqlErrorCode.UNKNOWN_COLUMN, o, "Unknown column '" + position + "' in 'order clause'");
            }
        } else if (o instanceof SqlIdentifier id && !id.isStar()) {
            String name = id.names.get(id.names.size() - 1);
            for (int i = 0; i < names.size() && column < 0; i++) {
                if (names.get(i).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    column = i;
                }
            }
            if (column < 0 || id.names.size() > 1) {
                throw SqlErrors.error(SqlErrorCode.UNKNOWN_COLUMN, o, "Unknown column '" + id + "' in 'order clause'");
            }
        } else {
            throw SqlErrors.unsupported(o, "ORDER BY an expression over the result of a set operation (name a column or its position)");
        }
        // MySQL: NULLs compare lower than any value.
        return SqlTrees.orderItem(SqlTrees.integer(column + 1), desc, nullsFirst != null ? nullsFirst : !desc);
    }

}
