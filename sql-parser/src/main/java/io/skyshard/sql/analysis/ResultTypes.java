package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.ColumnDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * Which result columns show a catalog column unchanged, so that clients see its declared type
 * (MySQL describes {@code SELECT iauId} as CHAR(34), {@code flags} as BIT(1), {@code MIN(ra_Sigma)} as
 * FLOAT) rather than the type of the engine's value (DuckDB keeps CHAR as VARCHAR, BIT as UBIGINT).
 */
final class ResultTypes {
    private ResultTypes() {
    }

    /** Per select item: its catalog column, or null when the item computes something. */
    static List<ColumnDef> declared(AnalysisContext ctx) {
        List<ColumnDef> out = new ArrayList<>();
        for (SelectItem item : ctx.items) {
            out.add(column(ctx, item.expression()));
        }
        return out;
    }

    private static ColumnDef column(AnalysisContext ctx, SqlNode e) {
        if (e instanceof SqlCall call && call.operandCount() == 1 && call.getOperator().isAggregator()) {
            String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
            if (name.equals("MIN") || name.equals("MAX")) {
                e = call.operand(0);
            }
        }
        if (!(e instanceof SqlIdentifier id) || id.names.size() != 2) {
            return null;
        }
        // A subquery in FROM: what its own result column shows; else the table's catalog column.
        AnalysisContext.DerivedColumn derived = ctx.derivedColumn(id);
        return derived != null ? derived.declared() : ctx.column(id);
    }
}
