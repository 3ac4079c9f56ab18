package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.rewrite.ColumnResolver;
import io.skyshard.sql.rewrite.FunctionRewriter;
import java.util.List;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Resolves FROM items against the catalog (table names case-insensitively, database names exactly)
 * and rewrites the FROM clause into physical table references, each with an explicit alias.
 *
 * <pre>
 * before: SELECT ... FROM Object o JOIN demo.filter ON ...
 * after:  SELECT ... FROM "demo"."Object_%CHUNK%" AS "o" INNER JOIN "demo"."Filter" AS "Filter" ON ...
 * </pre>
 *
 * Outer joins are accepted only when every preserved row lives in exactly one chunk: a LEFT JOIN
 * whose left side is only replicated tables would repeat its unmatched rows once per chunk.
 */
public final class ResolveTablesPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        SqlNode from = ctx.select.getFrom();
        if (from == null) {
            return;
        }
        collect(ctx, from);
        ctx.from = rebuild(ctx, from);
    }

    private void collect(AnalysisContext ctx, SqlNode node) {
        if (node instanceof SqlJoin join) {
            if (join.isNatural()) {
                throw SqlErrors.unsupported(join, "NATURAL JOIN");
            }
            if (join.getConditionType() == JoinConditionType.USING) {
                throw SqlErrors.unsupported(join.getCondition(), "JOIN ... USING (write ON instead)");
            }
            collect(ctx, join.getLeft());
            collect(ctx, join.getRight());
            return;
        }
        SqlIdentifier name;
        String alias = null;
        if (node instanceof SqlIdentifier id) {
            name = id;
        } else if (node.getKind() == SqlKind.AS && node instanceof SqlCall as) {
            if (as.operandCount() > 2) {
                throw SqlErrors.unsupported(node, "column aliases on a table");
            }
            if (!(as.operand(0) instanceof SqlIdentifier id)) {
                throw SqlErrors.unsupported(as.operand(0), "subqueries in FROM");
            }
            name = id;
            alias = ((SqlIdentifier) as.operand(1)).getSimple();
        } else if (node.getKind() == SqlKind.SELECT || node.getKind() == SqlKind.UNION) {
            throw SqlErrors.unsupported(node, "subqueries in FROM");
        } else {
            throw SqlErrors.unsupported(node, "FROM item of kind " + node.getKind());
        }
        TableDef def = lookup(ctx, name);
        if (ctx.database == null) {
            ctx.database = ctx.catalog.database(def.database()).orElseThrow();
        } else if (!ctx.database.name().equals(def.database())) {
            throw SqlErrors.unsupported(name, "tables from several databases (" + ctx.database.name() + ", "
                    + def.database() + ")");
        }
        String effective = alias != null ? alias : def.name();
        for (TableRef t : ctx.tables) {
            if (t.alias().equalsIgnoreCase(effective)) {
                throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, node, "Not unique table/alias: '" + effective + "'");
            }
        }
        ctx.tables.add(new TableRef(def, effective, alias != null, node));
    }

    private static TableDef lookup(AnalysisContext ctx, SqlIdentifier name) {
        String db;
        String table;
        if (name.names.size() == 1) {
            db = ctx.defaultDatabase;
            table = name.names.get(0);
            if (db == null || db.isEmpty()) {
                throw SqlErrors.error(SqlErrorCode.NO_DATABASE, name,
                        "No database selected for table '" + table + "'");
            }
        } else if (name.names.size() == 2) {
            db = name.names.get(0);
            table = name.names.get(1);
        } else {
            throw SqlErrors.unsupported(name, "table name with " + name.names.size() + " parts");
        }
        DatabaseDef database = ctx.catalog.database(db).orElseThrow(() -> SqlErrors.error(
                SqlErrorCode.UNKNOWN_DATABASE, name, "Unknown database '" + db + "'"));
        return ctx.catalog.table(database.name(), table).orElseThrow(() -> SqlErrors.error(
                SqlErrorCode.UNKNOWN_TABLE, name, "Table '" + db + "." + table + "' doesn't exist"));
    }

    private SqlNode rebuild(AnalysisContext ctx, SqlNode node) {
        if (node instanceof SqlJoin join) {
            SqlNode left = rebuild(ctx, join.getLeft());
            SqlNode right = rebuild(ctx, join.getRight());
            checkOuterJoin(ctx, join);
            SqlNode condition = join.getCondition();
            if (condition != null) {
                condition = condition.accept(new FunctionRewriter());
                if (FunctionRewriter.containsAggregate(condition)) {
                    throw SqlErrors.unsupported(condition, "aggregate function in ON");
                }
                condition = condition.accept(new ColumnResolver(ctx.tables));
                ctx.joinConditions.add(condition);
            }
            return new SqlJoin(join.getParserPosition(), left, SqlLiteral.createBoolean(false, SqlParserPos.ZERO),
                    join.getJoinTypeNode(), right, join.getConditionTypeNode(), condition);
        }
        TableRef ref = ctx.tables.stream().filter(t -> t.node() == node).findFirst().orElseThrow();
        TableDef def = ref.table();
        String physical = def.kind().isPartitioned() ? ChunkTables.chunkTableTemplate(def.name()) : def.name();
        SqlIdentifier table = new SqlIdentifier(List.of(def.database(), physical), node.getParserPosition());
        return SqlStdOperatorTable.AS.createCall(node.getParserPosition(), table,
                new SqlIdentifier(ref.alias(), SqlParserPos.ZERO));
    }

    private void checkOuterJoin(AnalysisContext ctx, SqlJoin join) {
        JoinType type = join.getJoinType();
        boolean leftPartitioned = hasPartitioned(ctx, join.getLeft());
        boolean rightPartitioned = hasPartitioned(ctx, join.getRight());
        switch (type) {
            case INNER, COMMA, CROSS -> {
            }
            case LEFT -> {
                if (rightPartitioned && !leftPartitioned) {
                    throw SqlErrors.unsupported(join, "LEFT JOIN of a replicated table to a partitioned table");
                }
            }
            case RIGHT -> {
                if (leftPartitioned && !rightPartitioned) {
                    throw SqlErrors.unsupported(join, "RIGHT JOIN of a replicated table to a partitioned table");
                }
            }
            default -> throw SqlErrors.unsupported(join, type + " JOIN");
        }
    }

    private boolean hasPartitioned(AnalysisContext ctx, SqlNode node) {
        if (node instanceof SqlJoin join) {
            return hasPartitioned(ctx, join.getLeft()) || hasPartitioned(ctx, join.getRight());
        }
        return ctx.tables.stream().anyMatch(t -> t.node() == node && t.partitioned());
    }

}
