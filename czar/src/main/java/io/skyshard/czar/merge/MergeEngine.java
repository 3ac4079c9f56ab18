package io.skyshard.czar.merge;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.common.sql.DuckDbFunctions;
import io.skyshard.czar.CzarErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * The czar's embedded DuckDB: partial results of each query are appended into a connection-local
 * temporary table {@code partials} and the merge query runs over it.
 *
 * <p>It also holds an empty <em>prototype</em> of every catalog table under the very names chunk
 * query templates use ({@code "db"."Object_%CHUNK%"}, replicated tables under their own name). Running
 * a template against the prototypes with {@code LIMIT 0} gives the exact partial schema and reports
 * binder errors (unknown column, bad types) before any worker is contacted, and it gives a schema
 * even when no chunk has to be visited at all.
 */
public final class MergeEngine implements AutoCloseable {
    private final DuckDBConnection root;
    private final Object prototypeLock = new Object();
    private final Set<String> prototypes = new HashSet<>();
    private long prototypeVersion = -1;

    public MergeEngine(Path tempDir, long memoryLimitBytes, int threads) {
        try {
            Files.createDirectories(tempDir);
            Properties props = new Properties();
            // Stream merge results to the client instead of materialising them in the JDBC driver.
            props.setProperty("jdbc_stream_results", "true");
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props);
            try (Statement st = root.createStatement()) {
                st.execute("SET temp_directory = '" + tempDir.toAbsolutePath().toString().replace("'", "''") + "'");
                if (memoryLimitBytes > 0) {
                    st.execute("SET memory_limit = '" + (memoryLimitBytes >> 20) + "MB'");
                }
                if (threads > 0) {
                    st.execute("SET threads = " + threads);
                }
                for (String ddl : DuckDbFunctions.statements()) {
                    st.execute(ddl);
                }
            }
        } catch (java.io.IOException | SQLException e) {
            throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "cannot start the merge engine: " + e.getMessage(), e);
        }
    }

    /** A new connection for one query (temporary tables are private to it). */
    public Connection newConnection() {
        try {
            return root.duplicate();
        } catch (SQLException e) {
            throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "cannot open a merge connection: " + e.getMessage(), e);
        }
    }

    /** Brings the prototype tables in line with a catalog snapshot (cheap when the version is unchanged). */
    public void syncPrototypes(ClusterSnapshot snapshot) {
        synchronized (prototypeLock) {
            if (snapshot.version() == prototypeVersion) {
                return;
            }
            try (Statement st = root.createStatement()) {
                Set<String> wanted = new HashSet<>();
                for (TableDef t : snapshot.tables()) {
                    String columns = t.storedColumns().stream()
                            .map(c -> quote(c.name()) + " " + c.duckDbType())
                            .collect(Collectors.joining(", "));
                    String schema = quote(t.database());
                    if (t.kind().isPartitioned()) {
                        wanted.add(schema + "." + quote(ChunkTables.chunkTableTemplate(t.name())) + "(" + columns + ")");
                        wanted.add(schema + "." + quote(ChunkTables.overlapTableTemplate(t.name())) + "(" + columns + ")");
                    } else {
                        wanted.add(schema + "." + quote(t.name()) + "(" + columns + ")");
                    }
                }
                for (String old : prototypes) {
                    if (!wanted.contains(old)) {
                        st.execute("DROP TABLE IF EXISTS " + old.substring(0, old.indexOf('(')));
                    }
                }
                for (String def : wanted) {
                    if (!prototypes.contains(def)) {
                        String name = def.substring(0, def.indexOf('('));
                        st.execute("CREATE SCHEMA IF NOT EXISTS " + name.substring(0, name.indexOf("\".") + 1));
                        st.execute("CREATE OR REPLACE TABLE " + def);
                    }
                }
                prototypes.clear();
                prototypes.addAll(wanted);
                prototypeVersion = snapshot.version();
            } catch (SQLException e) {
                throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "cannot create prototype tables: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Creates prototypes for tables that exist for one query only (e.g. a TAP upload the planner sees
     * through a catalog overlay); closing the returned handle drops them. Their names must not clash
     * with catalog tables.
     */
    public AutoCloseable addPrototypes(List<TableDef> tables) {
        if (tables.isEmpty()) {
            return () -> { };
        }
        List<String> created = new ArrayList<>();
        synchronized (prototypeLock) {
            try (Statement st = root.createStatement()) {
                for (TableDef t : tables) {
                    if (t.kind().isPartitioned()) {
                        throw new SkyshardException(CzarErrorCode.MERGE_FAILED,
                                "per-query table " + t.name() + " must be a replicated table");
                    }
                    String columns = t.storedColumns().stream()
                            .map(c -> quote(c.name()) + " " + c.duckDbType())
                            .collect(Collectors.joining(", "));
                    String name = quote(t.database()) + "." + quote(t.name());
                    st.execute("CREATE SCHEMA IF NOT EXISTS " + quote(t.database()));
                    st.execute("CREATE OR REPLACE TABLE " + name + "(" + columns + ")");
                    created.add(name);
                }
            } catch (SQLException e) {
                dropAll(created);
                throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "cannot create prototype tables: " + e.getMessage(), e);
            }
        }
        return () -> dropAll(created);
    }

    private void dropAll(List<String> names) {
        synchronized (prototypeLock) {
            try (Statement st = root.createStatement()) {
                for (String name : names) {
                    st.execute("DROP TABLE IF EXISTS " + name);
                }
            } catch (SQLException e) {
                // an empty prototype left behind is harmless; the next query of the same name replaces it
            }
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            throw new SkyshardException(CzarErrorCode.MERGE_FAILED, "cannot close the merge engine: " + e.getMessage(), e);
        }
    }
}
