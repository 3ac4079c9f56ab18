package io.skyshard.sql.rewrite;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.analysis.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Qualifies every column reference with its table's alias and the catalog's spelling of the column,
 * so that later passes can compare expressions structurally and the chunk query never depends on
 * the user's casing or on database-qualified names.
 *
 * <pre>
 * before: SELECT objectid, demo.Object.coord_ra FROM demo.Object
 * after:  SELECT Object.objectId, Object.coord_ra FROM demo.Object
 * </pre>
 */
public final class ColumnResolver extends SqlShuttle {
    private final List<TableRef> tables;

    public ColumnResolver(List<TableRef> tables) {
        this.tables = requireNonNull(tables, "tables");
    }

    /** Resolves a column reference, or returns empty if it names no column of the FROM tables. */
    public Optional<SqlIdentifier> tryResolve(SqlIdentifier id) {
        if (id.isStar()) {
            return Optional.of(id);
        }
        List<String> names = id.names;
        String column = names.get(names.size() - 1);
        List<SqlIdentifier> found = new ArrayList<>();
        for (TableRef t : tables) {
            if (!qualifierMatches(t, names.subList(0, names.size() - 1))) {
                continue;
            }
            for (ColumnDef c : t.table().storedColumns()) {
                if (c.name().equalsIgnoreCase(column) && (names.size() > 1 || t.visibleUnqualified(c.name()))) {
                    found.add(new SqlIdentifier(List.of(t.alias(), c.name()), id.getParserPosition()));
                }
            }
        }
        if (found.size() > 1) {
            throw SqlErrors.error(SqlErrorCode.AMBIGUOUS_COLUMN, id, "Column '" + id + "' is ambiguous");
        }
        return found.stream().findFirst();
    }

    private static boolean qualifierMatches(TableRef t, List<String> qualifier) {
        return switch (qualifier.size()) {
            case 0 -> true;
            case 1 -> t.alias().equalsIgnoreCase(qualifier.get(0));
            case 2 -> !t.userAlias() && t.table().database().equals(qualifier.get(0))
                    && t.table().name().equalsIgnoreCase(qualifier.get(1));
            default -> false;
        };
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
        if (id.isStar()) {
            // Only COUNT(*) keeps a star here: select-list stars were expanded before.
            return id;
        }
        return tryResolve(id).orElseThrow(() -> SqlErrors.error(SqlErrorCode.UNKNOWN_COLUMN, id,
                "Unknown column '" + id + "'"));
    }
}
