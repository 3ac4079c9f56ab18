package io.skyshard.sql;

import io.skyshard.common.catalog.Catalog;
import io.skyshard.common.catalog.ChunkRef;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.DirectorIndex;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-written catalog of the test database "demo": director Object, child Source, replicated Filter. */
final class DemoCatalog implements Catalog {
    static final int OBJECTS = 200;
    static final int[] CHUNKS = {100, 101, 102, 103, 104};

    static final TableDef OBJECT = new TableDef("demo", "Object", TableKind.DIRECTOR, List.of(
            ColumnDef.notNull("objectId", ColumnType.BIGINT),
            ColumnDef.of("coord_ra", ColumnType.DOUBLE),
            ColumnDef.of("coord_dec", ColumnType.DOUBLE),
            ColumnDef.of("g_psfFlux", ColumnType.DOUBLE),
            ColumnDef.of("r_psfFlux", ColumnType.FLOAT),
            ColumnDef.of("refExtendedness", ColumnType.DOUBLE)), "objectId", "coord_ra", "coord_dec", null);
    static final TableDef SOURCE = new TableDef("demo", "Source", TableKind.CHILD, List.of(
            ColumnDef.notNull("sourceId", ColumnType.BIGINT),
            ColumnDef.notNull("objectId", ColumnType.BIGINT),
            ColumnDef.of("band", ColumnType.VARCHAR),
            ColumnDef.of("psfFlux", ColumnType.DOUBLE)), "objectId", null, null, "Object");
    static final TableDef FILTER = new TableDef("demo", "Filter", TableKind.REPLICATED, List.of(
            ColumnDef.of("band", ColumnType.VARCHAR),
            ColumnDef.of("filterName", ColumnType.VARCHAR),
            ColumnDef.of("effWavelength", ColumnType.DOUBLE)), null, null, null, null);

    /** Columns named with words Calcite reserves but MySQL does not (Qserv catalogs use them). */
    static final TableDef VISIT = new TableDef("demo", "Visit", TableKind.REPLICATED, List.of(
            ColumnDef.notNull("visitId", ColumnType.BIGINT),
            ColumnDef.of("year", ColumnType.INTEGER),
            ColumnDef.of("month", ColumnType.INTEGER),
            ColumnDef.of("hour", ColumnType.INTEGER),
            ColumnDef.of("second", ColumnType.INTEGER),
            ColumnDef.of("value", ColumnType.DOUBLE),
            ColumnDef.of("position", ColumnType.VARCHAR),
            ColumnDef.of("size", ColumnType.INTEGER),
            ColumnDef.of("result", ColumnType.VARCHAR),
            ColumnDef.of("filter", ColumnType.VARCHAR)), null, null, null, null);

    private final DatabaseDef demo = new DatabaseDef("demo", Partitioning.DEFAULT);

    /** Objects 1..200 live in chunk 100 + id % 4 (chunk 104 exists but is empty). */
    static int chunkOf(long objectId) {
        return 100 + (int) (objectId % 4);
    }

    static final DirectorIndex INDEX = new DirectorIndex() {
        @Override
        public Map<Long, ChunkRef> lookup(String database, String directorTable, Collection<Long> keys) {
            if (!database.equals("demo") || !directorTable.equals("Object")) {
                throw new IllegalArgumentException(database + "." + directorTable);
            }
            Map<Long, ChunkRef> out = new HashMap<>();
            for (long k : keys) {
                if (k >= 1 && k <= OBJECTS) {
                    out.put(k, new ChunkRef(chunkOf(k), (int) (k % 10)));
                }
            }
            return out;
        }
    };

    @Override
    public Optional<DatabaseDef> database(String name) {
        return name.equals("demo") ? Optional.of(demo) : Optional.empty();
    }

    @Override
    public Optional<TableDef> table(String database, String table) {
        return tables(database).stream().filter(t -> t.name().equalsIgnoreCase(table)).findFirst();
    }

    @Override
    public List<TableDef> tables(String database) {
        return database.equals("demo") ? List.of(OBJECT, SOURCE, FILTER, VISIT) : List.of();
    }

    @Override
    public List<DatabaseDef> databases() {
        return List.of(demo);
    }
}
