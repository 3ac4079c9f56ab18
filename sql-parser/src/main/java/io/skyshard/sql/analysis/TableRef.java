package io.skyshard.sql.analysis;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.TableDef;
import org.apache.calcite.sql.SqlNode;

/**
 * One table reference of the FROM clause.
 *
 * @param table        catalog definition (canonical names)
 * @param alias        the user's alias, else the canonical table name; every rewritten reference carries it
 * @param userAlias    whether the user gave an alias (then the table name itself no longer qualifies columns)
 * @param node         the FROM item as parsed (for error positions)
 */
public record TableRef(TableDef table, String alias, boolean userAlias, SqlNode node) {
    public TableRef {
        requireNonNull(table, "table");
        requireNonNull(alias, "alias");
        requireNonNull(node, "node");
    }

    public boolean partitioned() {
        return table.kind().isPartitioned();
    }
}
