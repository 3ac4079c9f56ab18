package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * MySQL evaluates a FLOAT column in an expression as a DOUBLE (the 32-bit value widened exactly):
 * {@code fluxMag0 / 100}, {@code SUM(psfFlux)}, {@code raRange = 0.1} are computed in 64 bits, while
 * DuckDB would compute in FLOAT and round every step to 32 bits. So references to FLOAT columns are
 * widened with {@code CAST(... AS DOUBLE)}, except where MySQL shows the column itself: a select
 * item, GROUP BY or ORDER BY key that is just the column, and the argument of MIN/MAX (whose result
 * keeps the column's type).
 *
 * <pre>
 * before: SELECT psfFlux, psfFlux * 2, MAX(psfFlux) FROM Source WHERE psfFlux &gt; 0.1
 * after:  SELECT psfFlux, CAST(psfFlux AS DOUBLE) * 2, MAX(psfFlux) FROM Source WHERE CAST(psfFlux AS DOUBLE) &gt; 0.1
 * </pre>
 */
public final class FloatWideningPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        Widen widen = new Widen(ctx);
        ctx.items.replaceAll(i -> i.withExpression(widen.top(i.expression())));
        List<SqlNode> conjuncts = new ArrayList<>();
        for (SqlNode c : ctx.conjuncts) {
            conjuncts.add(c.accept(widen));
        }
        ctx.conjuncts.clear();
        ctx.conjuncts.addAll(conjuncts);
        ctx.groupBy.replaceAll(widen::top);
        ctx.orderKeys.replaceAll(k -> k.withExpression(widen.top(k.expression())));
        if (ctx.having != null) {
            ctx.having = ctx.having.accept(widen);
        }
    }

    private static final class Widen extends SqlShuttle {
        private final AnalysisContext ctx;

        Widen(AnalysisContext ctx) {
            this.ctx = ctx;
        }

        /** A whole item or key: a bare column stays as it is. */
        SqlNode top(SqlNode e) {
            return e instanceof SqlIdentifier ? e : e.accept(this);
        }

        @Override
        public SqlNode visit(SqlCall call) {
            String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
            if (call.getOperator().isAggregator() && (name.equals("MIN") || name.equals("MAX"))
                    && call.operandCount() == 1 && call.operand(0) instanceof SqlIdentifier) {
                return call;
            }
            return super.visit(call);
        }

        @Override
        public SqlNode visit(SqlIdentifier id) {
            if (id.names.size() != 2 || !isFloat(id)) {
                return id;
            }
            SqlParserPos pos = id.getParserPosition();
            return SqlStdOperatorTable.CAST.createCall(pos, id,
                    new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, pos), pos));
        }

        private boolean isFloat(SqlIdentifier id) {
            for (TableRef t : ctx.tables) {
                if (t.alias().equals(id.names.get(0))) {
                    return t.table().storedColumns().stream().filter(c -> c.name().equalsIgnoreCase(id.names.get(1)))
                            .map(ColumnDef::type).anyMatch(type -> type == ColumnType.FLOAT);
                }
            }
            return false;
        }
    }
}
