package io.skyshard.sql.analysis;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.TableDef;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;

/**
 * One table reference of the FROM clause.
 *
 * @param table        catalog definition (canonical names)
 * @param alias        the user's alias, else the canonical table name; every rewritten reference carries it
 * @param userAlias    whether the user gave an alias (then the table name itself no longer qualifies columns)
 * @param node         the FROM item as parsed (for error positions)
 * @param mergedColumns columns (lower case) merged into another table's by {@code JOIN ... USING}: an
 *                      unqualified name or {@code *} no longer refers to them, as in MySQL
 * @param readsOverlap  a director table read from the chunk table and its overlap table, on the far side
 *                      of a near-neighbour or match join ({@link JoinLocalityPass}): its rows are not the
 *                      chunk's own, so a restriction on them must not prune chunks
 * @param stage         when not null, the rows are those of this czar table, materialised by a stage
 *                      (a subquery in FROM, or a replicated table joined with one)
 */
public record TableRef(TableDef table, String alias, boolean userAlias, SqlNode node, Set<String> mergedColumns,
        boolean readsOverlap, String stage) {
    public TableRef {
        requireNonNull(table, "table");
        requireNonNull(alias, "alias");
        requireNonNull(node, "node");
        mergedColumns = Set.copyOf(mergedColumns);
    }

    public TableRef(TableDef table, String alias, boolean userAlias, SqlNode node) {
        this(table, alias, userAlias, node, Set.of(), false, null);
    }

    public TableRef withMergedColumn(String column) {
        Set<String> merged = new HashSet<>(mergedColumns);
        merged.add(column.toLowerCase(Locale.ROOT));
        return new TableRef(table, alias, userAlias, node, merged, readsOverlap, stage);
    }

    public TableRef withOverlap() {
        return new TableRef(table, alias, userAlias, node, mergedColumns, true, stage);
    }

    public TableRef withStage(String table) {
        return new TableRef(this.table, alias, userAlias, node, mergedColumns, readsOverlap, table);
    }

    /** Whether an unqualified reference may name this column of the table. */
    public boolean visibleUnqualified(String column) {
        return !mergedColumns.contains(column.toLowerCase(Locale.ROOT));
    }

    public boolean partitioned() {
        return stage == null && table.kind().isPartitioned();
    }
}
