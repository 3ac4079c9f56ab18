package io.skyshard.sql.plan;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;

import java.util.List;

/**
 * A query answered by workers and merged at the czar.
 *
 * @param database       database the chunk tables belong to
 * @param chunkSqlTemplate DuckDB SQL run on each chunk; chunk tables are written
 *                       {@code "db"."Table_%CHUNK%"} (see ChunkTables); every table reference has an alias.
 *                       Its result columns are named c0, c1, ... (the partial schema)
 * @param chunks         which chunks to run it on
 * @param unionTable     when non-null, the one partitioned table reference (e.g. {@code "demo"."Object_%CHUNK%"})
 *                       that a worker may replace with a UNION ALL over several chunks and still get the
 *                       same merged answer; null when chunks must run one by one
 * @param mergeSql       DuckDB SQL over the table {@code partials} (the union of all chunk results) giving
 *                       the final result, with ORDER BY/LIMIT applied
 * @param columnNames    MySQL-style names of the final result columns, in order
 * @param declaredColumns per result column, the catalog column it shows unchanged (a bare column
 *                       reference, or MIN/MAX of one), whose declared type the client sees (CHAR(34),
 *                       BIT(1), FLOAT ...); null for computed columns, typed from the merge result
 */
public record DistributedPlan(
        String database,
        String chunkSqlTemplate,
        ChunkSelection chunks,
        String unionTable,
        String mergeSql,
        List<String> columnNames,
        List<ColumnDef> declaredColumns) implements QueryPlan {

    public DistributedPlan {
        requireNonNull(database, "database");
        requireNonNull(chunkSqlTemplate, "chunkSqlTemplate");
        requireNonNull(chunks, "chunks");
        requireNonNull(mergeSql, "mergeSql");
        columnNames = List.copyOf(columnNames);
        declaredColumns = QueryPlan.declared(declaredColumns, columnNames.size());
    }

    /** A plan whose result columns are all typed from the merge result. */
    public DistributedPlan(String database, String chunkSqlTemplate, ChunkSelection chunks, String unionTable,
            String mergeSql, List<String> columnNames) {
        this(database, chunkSqlTemplate, chunks, unionTable, mergeSql, columnNames, null);
    }

    public static final String PARTIALS_TABLE = "partials";
}
