package io.skyshard.integration;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.spatial.healpix.Healpix;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Database {@code sky} for join tests: directors {@code Object} and {@code RefObject}, child
 * {@code Source}, replicated {@code Filter}, with rows crowded where partitioning bugs hide: around a
 * point where four chunks meet, across ra = 0 (a chunk border), at both poles, and inside one chunk,
 * so that near-neighbour pairs straddle chunk borders by the hundred. Loaded through the real ingest
 * path (its chunk and overlap tables) and, unpartitioned, into the reference DuckDB.
 */
final class SkyDataset {
    static final String DATABASE = "sky";
    private static final int PER_SPOT = 180;
    private static final double SPOT_RADIUS = 0.07;

    static final TableDef OBJECT = new TableDef(DATABASE, "Object", TableKind.DIRECTOR, List.of(
            ColumnDef.notNull("objectId", ColumnType.BIGINT),
            ColumnDef.notNull("ra", ColumnType.DOUBLE),
            ColumnDef.notNull("decl", ColumnType.DOUBLE),
            ColumnDef.of("flux", ColumnType.DOUBLE)), "objectId", "ra", "decl", null);
    static final TableDef SOURCE = new TableDef(DATABASE, "Source", TableKind.CHILD, List.of(
            ColumnDef.notNull("sourceId", ColumnType.BIGINT),
            ColumnDef.notNull("objectId", ColumnType.BIGINT),
            ColumnDef.of("band", ColumnType.VARCHAR),
            ColumnDef.of("flux", ColumnType.DOUBLE)), "objectId", null, null, "Object");
    static final TableDef REF = new TableDef(DATABASE, "RefObject", TableKind.DIRECTOR, List.of(
            ColumnDef.notNull("refId", ColumnType.BIGINT),
            ColumnDef.notNull("ra", ColumnType.DOUBLE),
            ColumnDef.notNull("decl", ColumnType.DOUBLE),
            ColumnDef.of("mag", ColumnType.FLOAT)), "refId", "ra", "decl", null);
    static final TableDef FILTER = new TableDef(DATABASE, "Filter", TableKind.REPLICATED, List.of(
            ColumnDef.notNull("band", ColumnType.VARCHAR),
            ColumnDef.of("filterName", ColumnType.VARCHAR)), null, null, null, null);

    private final TableBlock objects;
    private final TableBlock sources;
    private final TableBlock refs;
    private final TableBlock filters;

    SkyDataset(Partitioning partitioning, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int order = partitioning.chunkOrder();
        double[] corner = Healpix.corners(order, Healpix.angToPix(order, 40.0, 30.0))[0];
        double[] inside = Healpix.pixToAng(order, Healpix.angToPix(order, 120.0, -20.0));
        double[][] spots = {corner, {0.0, 0.05}, {10.0, 89.95}, {200.0, -89.95}, inside};

        List<double[]> objectPos = new ArrayList<>();
        for (double[] spot : spots) {
            for (int i = 0; i < PER_SPOT; i++) {
                // Now and then an exact duplicate position: a pair at distance 0.
                objectPos.add(i % 40 == 39 ? objectPos.get(objectPos.size() - 1) : around(spot, random));
            }
        }
        int n = objectPos.size();
        long[] oid = new long[n];
        double[] ora = new double[n];
        double[] odec = new double[n];
        double[] oflux = new double[n];
        boolean[] ofluxNull = new boolean[n];
        List<long[]> sourceRows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            oid[i] = 1000 + i;
            ora[i] = objectPos.get(i)[0];
            odec[i] = objectPos.get(i)[1];
            oflux[i] = (i % 17) * 1.5;
            ofluxNull[i] = i % 11 == 0;
            for (int k = 0; k < i % 4; k++) {
                sourceRows.add(new long[] {oid[i] * 10 + k, oid[i], (i + k) % 4});
            }
        }
        objects = new TableBlock(OBJECT.columns(), List.of(new ColumnData.Longs(oid, null), new ColumnData.Doubles(ora, null),
                new ColumnData.Doubles(odec, null), new ColumnData.Doubles(oflux, ofluxNull)), n);

        int s = sourceRows.size();
        long[] sid = new long[s];
        long[] sobj = new long[s];
        String[] band = new String[s];
        double[] sflux = new double[s];
        boolean[] sfluxNull = new boolean[s];
        for (int i = 0; i < s; i++) {
            long[] r = sourceRows.get(i);
            sid[i] = r[0];
            sobj[i] = r[1];
            band[i] = List.of("g", "r", "i", "u").get((int) r[2]);
            sflux[i] = (r[0] % 97) * 0.25;
            sfluxNull[i] = r[0] % 10 == 2;
        }
        sources = new TableBlock(SOURCE.columns(), List.of(new ColumnData.Longs(sid, null), new ColumnData.Longs(sobj, null),
                new ColumnData.Strings(band), new ColumnData.Doubles(sflux, sfluxNull)), s);

        int m = spots.length * PER_SPOT / 2;
        long[] rid = new long[m];
        double[] rra = new double[m];
        double[] rdec = new double[m];
        float[] mag = new float[m];
        boolean[] magNull = new boolean[m];
        for (int i = 0; i < m; i++) {
            double[] p = around(spots[i % spots.length], random);
            rid[i] = 50_000 + i;
            rra[i] = p[0];
            rdec[i] = p[1];
            mag[i] = 14.5f + i % 13;
            magNull[i] = i % 7 == 0;
        }
        refs = new TableBlock(REF.columns(), List.of(new ColumnData.Longs(rid, null), new ColumnData.Doubles(rra, null),
                new ColumnData.Doubles(rdec, null), new ColumnData.Floats(mag, magNull)), m);

        filters = new TableBlock(FILTER.columns(), List.of(new ColumnData.Strings(new String[] {"g", "r", "i"}),
                new ColumnData.Strings(new String[] {"LSST g", "LSST r", null})), 3);
    }

    /** A uniform point within SPOT_RADIUS of the spot (in a small tangent disc), wrapped over the poles. */
    private static double[] around(double[] spot, SplittableRandom random) {
        double rho = SPOT_RADIUS * Math.sqrt(random.nextDouble());
        double theta = random.nextDouble() * 2 * Math.PI;
        double dec = spot[1] + rho * Math.sin(theta);
        double cos = Math.max(Math.cos(Math.toRadians(Math.min(89.999, Math.abs(spot[1])))), 1e-3);
        double ra = spot[0] + rho * Math.cos(theta) / cos;
        if (dec > 90) {
            dec = 180 - dec;
            ra += 180;
        } else if (dec < -90) {
            dec = -180 - dec;
            ra += 180;
        }
        return new double[] {Healpix.normalizeRa(ra), dec};
    }

    DatabaseDef database(Partitioning partitioning) {
        return new DatabaseDef(DATABASE, partitioning);
    }

    List<TableDef> tables() {
        return List.of(OBJECT, SOURCE, REF, FILTER);
    }

    Iterator<TableBlock> rows(TableDef table) {
        TableBlock block = switch (table.name()) {
            case "Object" -> objects;
            case "Source" -> sources;
            case "RefObject" -> refs;
            case "Filter" -> filters;
            default -> throw new IllegalArgumentException(table.name());
        };
        return List.of(block).iterator();
    }
}
