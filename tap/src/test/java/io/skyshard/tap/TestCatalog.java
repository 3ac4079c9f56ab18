package io.skyshard.tap;

import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import java.util.List;
import java.util.Map;

/** A small catalog shaped like the demo one (director Object, child Source, replicated Filter) for unit tests. */
public final class TestCatalog {
    private TestCatalog() {
    }

    public static final TableDef OBJECT = new TableDef("demo", "Object", TableKind.DIRECTOR, List.of(
            ColumnDef.notNull("objectId", ColumnType.BIGINT).describedAs(null, "meta.id;meta.main", "Object identifier"),
            ColumnDef.notNull("coord_ra", ColumnType.DOUBLE).describedAs("deg", "pos.eq.ra;meta.main", "Right ascension"),
            ColumnDef.notNull("coord_dec", ColumnType.DOUBLE).describedAs("deg", "pos.eq.dec;meta.main", "Declination"),
            ColumnDef.of("g_psfFlux", ColumnType.DOUBLE).describedAs("nJy", "phot.flux;em.opt.B", "g PSF flux"),
            ColumnDef.of("r_psfFlux", ColumnType.DOUBLE).describedAs("nJy", "phot.flux;em.opt.R", "r PSF flux"),
            ColumnDef.of("size", ColumnType.FLOAT)),
            "objectId", "coord_ra", "coord_dec", null);

    public static final TableDef SOURCE = new TableDef("demo", "Source", TableKind.CHILD, List.of(
            ColumnDef.notNull("sourceId", ColumnType.BIGINT),
            ColumnDef.notNull("objectId", ColumnType.BIGINT),
            new ColumnDef("band", ColumnType.VARCHAR, 1, 0, false),
            ColumnDef.notNull("ra", ColumnType.DOUBLE).describedAs("deg", "pos.eq.ra", null),
            ColumnDef.notNull("dec", ColumnType.DOUBLE).describedAs("deg", "pos.eq.dec", null),
            ColumnDef.notNull("psfFlux", ColumnType.DOUBLE).describedAs("nJy", null, null)),
            "objectId", null, null, "Object");

    public static final TableDef FILTER = new TableDef("demo", "Filter", TableKind.REPLICATED, List.of(
            new ColumnDef("band", ColumnType.VARCHAR, 1, 0, false),
            new ColumnDef("filterName", ColumnType.VARCHAR, 16, 0, false)),
            null, null, null, null);

    public static ClusterSnapshot snapshot() {
        return new ClusterSnapshot(1, List.of(new DatabaseDef("demo", new Partitioning(3, 7, 1.0 / 60))),
                List.of(OBJECT, SOURCE, FILTER), List.of(), Map.of());
    }
}
