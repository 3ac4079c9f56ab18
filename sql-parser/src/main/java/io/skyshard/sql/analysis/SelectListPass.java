package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Expands {@code *} and {@code t.*} from the catalog ({@link io.skyshard.common.catalog.TableDef#starColumns()}:
 * the declared columns, without chunkId and subChunkId, so that {@code *} returns what it returns on
 * the unpartitioned catalog) and names every result column the MySQL way: the alias if given, else the
 * expression exactly as the user wrote it.
 *
 * <pre>
 * before: SELECT *, count(*) AS n ...        FROM Filter
 * after:  items = [Filter.band "band", Filter.filterName "filterName", ..., COUNT(*) "n"]
 * </pre>
 */
public final class SelectListPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        SourceText text = new SourceText(ctx.sql, ctx.positions);
        for (SqlNode node : ctx.select.getSelectList()) {
            if (node instanceof SqlIdentifier id && id.isStar()) {
                expand(ctx, id);
                continue;
            }
            String alias = null;
            SqlNode expr = node;
            if (node.getKind() == SqlKind.AS) {
                SqlCall as = (SqlCall) node;
                expr = as.operand(0);
                alias = ((SqlIdentifier) as.operand(1)).getSimple();
            }
            String name = alias;
            if (name == null) {
                // MySQL names a string literal column by its value ('abc' -> abc).
                name = expr instanceof SqlIdentifier id ? id.names.get(id.names.size() - 1)
                        : expr instanceof org.apache.calcite.sql.SqlCharStringLiteral literal ? literal.getValueAs(String.class)
                        : text.of(expr);
            }
            if (name == null) {
                name = expr.toString();
            }
            ctx.items.add(new SelectItem(expr, name, alias));
        }
    }

    private static void expand(AnalysisContext ctx, SqlIdentifier star) {
        List<String> qualifier = star.names.subList(0, star.names.size() - 1);
        if (qualifier.isEmpty() && ctx.starColumns != null) {
            for (SqlIdentifier column : ctx.starColumns) {
                ctx.items.add(new SelectItem(new SqlIdentifier(column.names, star.getParserPosition()),
                        column.names.get(1), null));
            }
            return;
        }
        boolean any = false;
        for (TableRef t : ctx.tables) {
            boolean matches = switch (qualifier.size()) {
                case 0 -> true;
                case 1 -> t.alias().equalsIgnoreCase(qualifier.get(0));
                case 2 -> !t.userAlias() && t.table().database().equals(qualifier.get(0))
                        && t.table().name().equalsIgnoreCase(qualifier.get(1));
                default -> false;
            };
            if (!matches) {
                continue;
            }
            any = true;
            for (ColumnDef c : t.table().starColumns()) {
                ctx.items.add(new SelectItem(new SqlIdentifier(List.of(t.alias(), c.name()), star.getParserPosition()),
                        c.name(), null));
            }
        }
        if (!any) {
            if (qualifier.isEmpty()) {
                throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, star, "SELECT * without tables");
            }
            throw SqlErrors.error(SqlErrorCode.UNKNOWN_TABLE, star, "Unknown table '" + String.join(".", qualifier) + "'");
        }
    }

    static SqlParserPos pos(SqlNode n) {
        return n == null ? SqlParserPos.ZERO : n.getParserPosition();
    }
}
