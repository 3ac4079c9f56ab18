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
import io.skyshard.spatial.chunk.ChunkLocation;
import io.skyshard.spatial.chunk.Chunker;
import io.skyshard.spatial.healpix.Healpix;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Test database "sky" partitioned by the real chunker (order 5, overlap 1 arcmin), with rows crowded
 * where partitioning bugs hide: around a point where four chunks meet, across ra = 0, at both poles,
 * plus one spot inside a chunk. Directors {@code Object} and {@code RefObject}, child {@code Source},
 * match {@code RefObjMatch} (RefObject -> Object, pairs within 30 arcsec, some with a NULL side) and
 * replicated {@code Filter}. Chunk, overlap and match copies are cut exactly as ingest cuts them.
 */
final class SkyCatalog implements Catalog {
    static final Partitioning PARTITIONING = new Partitioning(5, 9, 1.0 / 60.0);
    static final Chunker CHUNKER = new Chunker(5, 9, 1.0 / 60.0);
    static final double MATCH_RADIUS = 0.5 / 60.0;

    static final TableDef OBJECT = new TableDef("sky", "Object", TableKind.DIRECTOR, List.of(
            ColumnDef.notNull("objectId", ColumnType.BIGINT),
            ColumnDef.notNull("ra", ColumnType.DOUBLE),
            ColumnDef.notNull("decl", ColumnType.DOUBLE),
            ColumnDef.of("flux", ColumnType.DOUBLE)), "objectId", "ra", "decl", null);
    static final TableDef SOURCE = new TableDef("sky", "Source", TableKind.CHILD, List.of(
            ColumnDef.notNull("sourceId", ColumnType.BIGINT),
            ColumnDef.notNull("objectId", ColumnType.BIGINT),
            ColumnDef.of("band", ColumnType.VARCHAR),
            ColumnDef.of("flux", ColumnType.DOUBLE)), "objectId", null, null, "Object");
    static final TableDef REF = new TableDef("sky", "RefObject", TableKind.DIRECTOR, List.of(
            ColumnDef.notNull("refId", ColumnType.BIGINT),
            ColumnDef.notNull("ra", ColumnType.DOUBLE),
            ColumnDef.notNull("decl", ColumnType.DOUBLE),
            ColumnDef.of("mag", ColumnType.DOUBLE)), "refId", "ra", "decl", null);
    static final TableDef MATCH = TableDef.match("sky", "RefObjMatch", List.of(
            ColumnDef.of("refId", ColumnType.BIGINT),
            ColumnDef.of("objectId", ColumnType.BIGINT),
            ColumnDef.of("dist", ColumnType.DOUBLE)), "RefObject", "refId", "Object", "objectId", null);
    static final TableDef FILTER = new TableDef("sky", "Filter", TableKind.REPLICATED, List.of(
            ColumnDef.of("band", ColumnType.VARCHAR),
            ColumnDef.of("filterName", ColumnType.VARCHAR)), null, null, null, null);

    /** A replicated list of positions as a TAP upload would be: some near the spots, some malformed. */
    static final TableDef UPLOAD = new TableDef("sky", "Upload", TableKind.REPLICATED, List.of(
            ColumnDef.notNull("id", ColumnType.INTEGER),
            ColumnDef.of("ra", ColumnType.DOUBLE),
            ColumnDef.of("decl", ColumnType.DOUBLE)), null, null, null, null);

    private static final int PER_SPOT = 200;
    private static final double SPOT_RADIUS = 0.08;

    private final DatabaseDef sky = new DatabaseDef("sky", PARTITIONING);
    private final List<double[]> objects = new ArrayList<>();
    private final List<double[]> refs = new ArrayList<>();
    private final Map<Long, ChunkLocation> objectChunks = new HashMap<>();
    private final Map<Long, ChunkLocation> refChunks = new HashMap<>();
    private final TreeSet<Integer> chunks = new TreeSet<>();
    private final List<String> uploads = new ArrayList<>();

    /** A point where four chunks meet, at the centre of the first crowd of rows. */
    static final double[] CORNER = Healpix.corners(5, Healpix.angToPix(5, 40.0, 30.0))[0];

    SkyCatalog() {
        SplittableRandom random = new SplittableRandom(7);
        double[] corner = CORNER;
        double[] centre = Healpix.pixToAng(5, Healpix.angToPix(5, 120.0, -20.0));
        double[][] spots = {corner, {0.01, 0.02}, {10.0, 89.97}, {200.0, -89.96}, centre};
        long id = 1;
        for (double[] spot : spots) {
            for (int i = 0; i < PER_SPOT; i++) {
                double[] last = objects.isEmpty() ? null : objects.get(objects.size() - 1);
                // Now and then an exact duplicate position: a pair at distance 0.
                double[] p = i % 50 == 49 ? new double[] {last[1], last[2]} : around(spot, random);
                objects.add(new double[] {id++, p[0], p[1]});
            }
            for (int i = 0; i < PER_SPOT / 2; i++) {
                double[] p = around(spot, random);
                refs.add(new double[] {refs.size() + 1, p[0], p[1]});
            }
            for (int i = 0; i < 20; i++) {
                double[] p = around(spot, random);
                uploads.add("(" + (uploads.size() + 1) + ", " + p[0] + ", " + p[1] + ")");
            }
        }
        for (double[] o : objects) {
            ChunkLocation l = CHUNKER.locate(o[1], o[2]);
            objectChunks.put((long) o[0], l);
            chunks.add(l.chunkId());
        }
        for (double[] r : refs) {
            ChunkLocation l = CHUNKER.locate(r[1], r[2]);
            refChunks.put((long) r[0], l);
            chunks.add(l.chunkId());
        }
    }

    /** A uniform point within SPOT_RADIUS of the spot (uniform in a small tangent disc). */
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

    /** Object positions as {objectId, ra, dec}. */
    List<double[]> objects() {
        return List.copyOf(objects);
    }

    int[] chunks() {
        return chunks.stream().mapToInt(Integer::intValue).toArray();
    }

    static double angSep(double ra1, double dec1, double ra2, double dec2) {
        double sdd = Math.sin(Math.toRadians(dec2 - dec1) / 2);
        double sdr = Math.sin(Math.toRadians(ra2 - ra1) / 2);
        double a = sdd * sdd + Math.cos(Math.toRadians(dec1)) * Math.cos(Math.toRadians(dec2)) * sdr * sdr;
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(a))));
    }

    /** Both scripts of {@link DuckDbHarness}: whole tables for the reference, chunk tables for the workers. */
    DuckDbHarness harness() throws SQLException {
        StringBuilder whole = new StringBuilder("CREATE SCHEMA sky;\n");
        whole.append("CREATE TABLE sky.\"Object\" (objectId BIGINT, ra DOUBLE, decl DOUBLE, flux DOUBLE, chunkId INTEGER, subChunkId INTEGER);\n");
        whole.append("CREATE TABLE sky.\"Source\" (sourceId BIGINT, objectId BIGINT, band VARCHAR, flux DOUBLE, chunkId INTEGER, subChunkId INTEGER);\n");
        whole.append("CREATE TABLE sky.\"RefObject\" (refId BIGINT, ra DOUBLE, decl DOUBLE, mag DOUBLE, chunkId INTEGER, subChunkId INTEGER);\n");
        whole.append("CREATE TABLE sky.\"Filter\" (band VARCHAR, filterName VARCHAR);\n");
        whole.append("INSERT INTO sky.\"Filter\" VALUES ('g', 'LSST g'), ('r', 'LSST r'), ('i', NULL);\n");
        whole.append("CREATE TABLE sky.\"Upload\" (id INTEGER, ra DOUBLE, decl DOUBLE);\n");
        // Malformed positions: beyond the pole (dec 179.99 is ra + 180, dec 0.01), ra outside [0, 360), NULLs.
        whole.append("INSERT INTO sky.\"Upload\" VALUES " + String.join(", ", uploads)
                + ", (901, 180.01, 179.99), (902, -0.01, 0.02), (903, 360.02, 0.03), (904, NULL, 0.0), (905, 0.0, NULL), "
                + "(906, 10.0, 90.02), (907, 400.0, -269.98);\n");
        List<String> objectRows = new ArrayList<>();
        List<String> sourceRows = new ArrayList<>();
        StringBuilder overlapRows = new StringBuilder();
        for (double[] o : objects) {
            long oid = (long) o[0];
            ChunkLocation l = objectChunks.get(oid);
            String flux = oid % 11 == 0 ? "NULL" : Double.toString(oid % 17 * 1.5);
            objectRows.add("(" + oid + ", " + o[1] + ", " + o[2] + ", " + flux + ", " + l.chunkId() + ", " + l.subChunkId() + ")");
            for (int k = 0; k < oid % 4; k++) {
                String band = List.of("g", "r", "i", "u").get((int) ((oid + k) % 4));
                sourceRows.add("(" + (oid * 10 + k) + ", " + oid + ", '" + band + "', " + (k == 2 ? "NULL" : oid * 0.1 + k)
                        + ", " + l.chunkId() + ", " + l.subChunkId() + ")");
            }
            for (int c : CHUNKER.overlapChunks(o[1], o[2])) {
                overlapRows.append(overlapRows.isEmpty() ? "" : ", ").append("('Object', ").append(oid).append(", ").append(c).append(')');
            }
        }
        List<String> refRows = new ArrayList<>();
        for (double[] r : refs) {
            long rid = (long) r[0];
            ChunkLocation l = refChunks.get(rid);
            refRows.add("(" + rid + ", " + r[1] + ", " + r[2] + ", " + (rid % 7 == 0 ? "NULL" : Double.toString(rid % 13 + 14.5))
                    + ", " + l.chunkId() + ", " + l.subChunkId() + ")");
            for (int c : CHUNKER.overlapChunks(r[1], r[2])) {
                overlapRows.append(overlapRows.isEmpty() ? "" : ", ").append("('RefObject', ").append(rid).append(", ").append(c).append(')');
            }
        }
        insert(whole, "Object", objectRows);
        insert(whole, "Source", sourceRows);
        insert(whole, "RefObject", refRows);

        // Match rows: every (ref, object) pair within MATCH_RADIUS, plus refs and objects matched to nothing.
        List<String> matchCopies = new ArrayList<>();
        List<String> matchWhole = new ArrayList<>();
        java.util.Set<Long> matchedObjects = new java.util.HashSet<>();
        for (double[] r : refs) {
            boolean any = false;
            for (double[] o : objects) {
                double d = angSep(r[1], r[2], o[1], o[2]);
                if (d < MATCH_RADIUS) {
                    any = true;
                    matchedObjects.add((long) o[0]);
                    addMatch(matchCopies, matchWhole, (long) r[0], (long) o[0], d);
                }
            }
            if (!any && (long) r[0] % 3 == 0) {
                addMatch(matchCopies, matchWhole, (long) r[0], null, null);
            }
        }
        for (double[] o : objects) {
            if (!matchedObjects.contains((long) o[0]) && (long) o[0] % 5 == 0) {
                addMatch(matchCopies, matchWhole, null, (long) o[0], null);
            }
        }
        whole.append("CREATE TABLE sky.\"RefObjMatch\" (refId BIGINT, objectId BIGINT, dist DOUBLE, matchFlags INTEGER, chunkId INTEGER, subChunkId INTEGER);\n");
        insert(whole, "RefObjMatch", matchWhole);

        StringBuilder workers = new StringBuilder(whole);
        workers.append("CREATE TABLE sky.match_copies (refId BIGINT, objectId BIGINT, dist DOUBLE, matchFlags INTEGER, chunkId INTEGER, subChunkId INTEGER);\n");
        insert(workers, "match_copies", matchCopies);
        workers.append("CREATE TABLE sky.overlap_copies (tbl VARCHAR, id BIGINT, chunk INTEGER);\n");
        if (!overlapRows.isEmpty()) {
            workers.append("INSERT INTO sky.overlap_copies VALUES ").append(overlapRows).append(";\n");
        }
        for (int c : chunks) {
            for (String t : List.of("Object", "Source", "RefObject")) {
                workers.append(String.format(Locale.ROOT, "CREATE TABLE sky.\"%s_%d\" AS SELECT * FROM sky.\"%s\" WHERE chunkId = %d;%n",
                        t, c, t, c));
            }
            workers.append(String.format(Locale.ROOT, "CREATE TABLE sky.\"RefObjMatch_%d\" AS SELECT * EXCLUDE (chunkId, subChunkId), "
                    + "chunkId, subChunkId FROM sky.match_copies WHERE chunkId = %d;%n", c, c));
            workers.append(String.format(Locale.ROOT, "CREATE TABLE sky.\"ObjectFullOverlap_%d\" AS SELECT o.* FROM sky.\"Object\" o "
                    + "JOIN sky.overlap_copies x ON x.tbl = 'Object' AND x.id = o.objectId WHERE x.chunk = %d;%n", c, c));
            workers.append(String.format(Locale.ROOT, "CREATE TABLE sky.\"RefObjectFullOverlap_%d\" AS SELECT r.* FROM sky.\"RefObject\" r "
                    + "JOIN sky.overlap_copies x ON x.tbl = 'RefObject' AND x.id = r.refId WHERE x.chunk = %d;%n", c, c));
        }
        workers.append("DROP TABLE sky.\"Object\"; DROP TABLE sky.\"Source\"; DROP TABLE sky.\"RefObject\"; "
                + "DROP TABLE sky.\"RefObjMatch\"; DROP TABLE sky.match_copies; DROP TABLE sky.overlap_copies;\n");
        return new DuckDbHarness(whole + "SET schema = 'sky';", workers.toString(), chunks());
    }

    /**
     * One match row: a copy per chunk of its director rows with Qserv's flags (bit 0: the copy is in the
     * first director row's chunk, bit 1: in the second's); the reference keeps the copy the planner keeps.
     */
    private void addMatch(List<String> copies, List<String> whole, Long refId, Long objectId, Double dist) {
        ChunkLocation first = refId == null ? null : refChunks.get(refId);
        ChunkLocation second = objectId == null ? null : objectChunks.get(objectId);
        String values = refId + ", " + objectId + ", " + dist;
        values = values.replace("null", "NULL");
        List<ChunkLocation> places = new ArrayList<>();
        if (first != null) {
            places.add(first);
        }
        if (second != null && (first == null || second.chunkId() != first.chunkId())) {
            places.add(second);
        }
        for (ChunkLocation l : places) {
            int flag = (first != null && first.chunkId() == l.chunkId() ? 1 : 0) | (second != null && second.chunkId() == l.chunkId() ? 2 : 0);
            copies.add("(" + values + ", " + flag + ", " + l.chunkId() + ", " + l.subChunkId() + ")");
        }
        ChunkLocation kept = places.get(0);
        int flag = (first != null && first.chunkId() == kept.chunkId() ? 1 : 0) | (second != null && second.chunkId() == kept.chunkId() ? 2 : 0);
        whole.add("(" + values + ", " + flag + ", " + kept.chunkId() + ", " + kept.subChunkId() + ")");
    }

    private static void insert(StringBuilder sb, String table, List<String> rows) {
        for (int from = 0; from < rows.size(); from += 500) {
            sb.append("INSERT INTO sky.\"").append(table).append("\" VALUES ")
                    .append(String.join(", ", rows.subList(from, Math.min(rows.size(), from + 500)))).append(";\n");
        }
    }

    final DirectorIndex index = new DirectorIndex() {
        @Override
        public Map<Long, ChunkRef> lookup(String database, String directorTable, Collection<Long> keys) {
            Map<Long, ChunkLocation> source = directorTable.equalsIgnoreCase("Object") ? objectChunks
                    : directorTable.equalsIgnoreCase("RefObject") ? refChunks : null;
            if (!database.equals("sky") || source == null) {
                throw new IllegalArgumentException(database + "." + directorTable);
            }
            Map<Long, ChunkRef> out = new HashMap<>();
            for (long k : keys) {
                ChunkLocation l = source.get(k);
                if (l != null) {
                    out.put(k, new ChunkRef(l.chunkId(), l.subChunkId()));
                }
            }
            return out;
        }
    };

    @Override
    public Optional<DatabaseDef> database(String name) {
        return name.equals("sky") ? Optional.of(sky) : Optional.empty();
    }

    @Override
    public Optional<TableDef> table(String database, String table) {
        return tables(database).stream().filter(t -> t.name().equalsIgnoreCase(table)).findFirst();
    }

    @Override
    public List<TableDef> tables(String database) {
        return database.equals("sky") ? List.of(OBJECT, SOURCE, REF, MATCH, FILTER, UPLOAD) : List.of();
    }

    @Override
    public List<DatabaseDef> databases() {
        return List.of(sky);
    }
}
