package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.sql.rewrite.SqlTrees;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * Prunes chunks with the director index for top-level {@code key = literal} and {@code key IN (literals)}
 * conjuncts on a director table's key or a child table's director-key column. The predicate stays in
 * the WHERE clause: the index only says which chunk to ask.
 *
 * <pre>
 * before: SELECT * FROM Source WHERE objectId IN (42, 43)        chunks = all
 * after:  SELECT * FROM Source WHERE objectId IN (42, 43)        chunks = {chunk(42), chunk(43)} (or none)
 * </pre>
 */
public final class DirectorKeyPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        for (SqlNode c : ctx.conjuncts) {
            if (c.getKind() != SqlKind.EQUALS && c.getKind() != SqlKind.IN) {
                continue;
            }
            SqlCall call = (SqlCall) c;
            SqlNode column = call.operand(0);
            List<SqlNode> values;
            if (c.getKind() == SqlKind.IN) {
                if (!(call.operand(1) instanceof SqlNodeList list)) {
                    continue;
                }
                values = list.getList();
            } else {
                if (!(column instanceof SqlIdentifier)) {
                    column = call.operand(1);
                    values = List.of(call.operand(0));
                } else {
                    values = List.of(call.operand(1));
                }
            }
            TableRef table = keyTable(ctx, column);
            if (table == null) {
                continue;
            }
            List<Long> keys = integers(values);
            if (keys == null) {
                continue;
            }
            String directorTable = table.table().kind() == TableKind.DIRECTOR ? table.table().name()
                    : table.table().directorTable();
            Map<Long, ChunkRef> found = ctx.directorIndex.lookup(ctx.database.name(), directorTable, keys);
            ctx.restrictChunks(chunks(found.values()));
        }
    }

    private static int[] chunks(Collection<ChunkRef> refs) {
        return refs.stream().mapToInt(ChunkRef::chunkId).toArray();
    }

    private static TableRef keyTable(AnalysisContext ctx, SqlNode column) {
        for (TableRef t : ctx.tables) {
            if (t.readsOverlap()) {
                // Rows of a near-neighbour join's far side come from neighbouring chunks too.
                continue;
            }
            boolean keyed = t.table().kind() == TableKind.DIRECTOR
                    || t.table().kind() == TableKind.CHILD && t.table().directorTable() != null;
            if (keyed && JoinLocalityPass.isColumn(column, t.alias(), t.table().directorKey())) {
                return t;
            }
        }
        return null;
    }

    /** Exact integer literals only: a value like 1.5 or 'abc' cannot be looked up safely. */
    private static List<Long> integers(List<SqlNode> values) {
        List<Long> out = new ArrayList<>();
        for (SqlNode v : values) {
            BigDecimal d = SqlTrees.numericValue(v);
            if (d == null) {
                return null;
            }
            try {
                out.add(d.longValueExact());
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return out;
    }
}
