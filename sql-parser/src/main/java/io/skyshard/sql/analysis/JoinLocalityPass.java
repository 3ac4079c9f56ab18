package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.TableKind;
import io.skyshard.sql.SqlErrors;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * Accepts joins only when every chunk can answer its share alone: any number of replicated tables,
 * plus either one partitioned table or one director table with child tables of that director joined
 * on the director key (children are stored in their director row's chunk).
 *
 * <pre>
 * accepted: FROM Object o JOIN Source s ON s.objectId = o.objectId JOIN Filter f ON f.band = s.band
 * rejected: FROM Object a, Object b WHERE ...       (self-join: rows of b live in other chunks)
 *           FROM Object o, Source s WHERE s.sourceId = o.objectId   (not on the director key)
 * </pre>
 */
public final class JoinLocalityPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        List<TableRef> partitioned = ctx.tables.stream().filter(TableRef::partitioned).toList();
        if (partitioned.size() <= 1) {
            return;
        }
        List<TableRef> directors = partitioned.stream().filter(t -> t.table().kind() == TableKind.DIRECTOR).toList();
        if (directors.size() != 1) {
            throw SqlErrors.unsupported(partitioned.get(1).node(), directors.size() > 1
                    ? "join of two director tables (self-joins and near-neighbour joins are not chunk-local)"
                    : "join of partitioned tables without their director table");
        }
        TableRef director = directors.get(0);
        List<SqlNode> conjuncts = new ArrayList<>(ctx.conjuncts);
        for (SqlNode on : ctx.joinConditions) {
            ResolveColumnsPass.splitConjuncts(on, conjuncts);
        }
        for (TableRef t : partitioned) {
            if (t == director) {
                continue;
            }
            if (t.table().kind() != TableKind.CHILD || t.table().directorTable() == null
                    || !t.table().directorTable().equalsIgnoreCase(director.table().name())) {
                throw SqlErrors.unsupported(t.node(), "join of " + t.table().name() + " with " + director.table().name()
                        + " (only a director table and its child tables can be joined)");
            }
            if (!joinedOnKey(conjuncts, t, director)) {
                throw SqlErrors.unsupported(t.node(), "join of " + t.alias() + " and " + director.alias()
                        + " that is not on the director key (needs " + t.alias() + "." + t.table().directorKey() + " = "
                        + director.alias() + "." + director.table().directorKey() + ")");
            }
        }
    }

    private static boolean joinedOnKey(List<SqlNode> conjuncts, TableRef child, TableRef director) {
        for (SqlNode c : conjuncts) {
            if (c.getKind() != SqlKind.EQUALS) {
                continue;
            }
            SqlNode a = ((SqlCall) c).operand(0);
            SqlNode b = ((SqlCall) c).operand(1);
            if (isColumn(a, child.alias(), child.table().directorKey()) && isColumn(b, director.alias(), director.table().directorKey())
                    || isColumn(b, child.alias(), child.table().directorKey()) && isColumn(a, director.alias(), director.table().directorKey())) {
                return true;
            }
        }
        return false;
    }

    static boolean isColumn(SqlNode node, String alias, String column) {
        return column != null && node instanceof SqlIdentifier id && id.names.size() == 2
                && id.names.get(0).equals(alias) && id.names.get(1).equalsIgnoreCase(column);
    }
}
