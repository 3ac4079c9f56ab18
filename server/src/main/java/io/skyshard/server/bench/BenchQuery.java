package io.skyshard.server.bench;

import static java.util.Objects.requireNonNull;

/**
 * One logical query in the two dialects: Qserv SQL for the cluster (port 4040) and plain DuckDB SQL
 * (sciSQL macros instead of {@code qserv_areaspec_*}) for the single-node reference.
 */
public record BenchQuery(String clusterSql, String referenceSql) {
    public BenchQuery {
        requireNonNull(clusterSql, "clusterSql");
        requireNonNull(referenceSql, "referenceSql");
    }

    public static BenchQuery same(String sql) {
        return new BenchQuery(sql, sql);
    }
}
