package io.skyshard.ingest.sample;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A deterministic synthetic catalog shaped like Rubin's DP1 ({@code demo.Object}, {@code demo.Source},
 * {@code demo.Filter}), for the demo, the differential tests and the benchmark.
 *
 * <p>Data come in blocks of {@link #blockObjects()} objects with all their sources. Each block draws
 * from its own random streams seeded from {@code (seed, blockIndex)}, so a block is the same whether
 * it is generated alone, first, last or on another thread; that is what makes parallel generation
 * reproducible and lets memory stay bounded to a few blocks.
 *
 * <p>Positions: uniform on the sphere plus {@value #CLUSTER_FRACTION_PERCENT}% of objects in five
 * Gaussian clusters (sigma {@value #CLUSTER_SIGMA_DEG} deg), one at the north pole's edge and one
 * straddling ra = 0, because those are where partitioning bugs hide. Fluxes are in nJy as in DP1;
 * {@code u_psfFlux}, {@code y_psfFlux} (with their errors) and {@code refExtendedness} are NULL for a
 * few percent of objects so NULL handling is exercised.
 */
public final class SampleCatalog {
    public static final String DATABASE = "demo";
    public static final String OBJECT = "Object";
    public static final String SOURCE = "Source";
    public static final String FILTER = "Filter";
    public static final int DEFAULT_BLOCK_OBJECTS = 100_000;
    public static final long OBJECT_ID_BASE = 600_000_000_000_000_000L;
    public static final long SOURCE_ID_BASE = 700_000_000_000_000_000L;
    /** sourceId = SOURCE_ID_BASE + objectIndex * SOURCES_ID_STRIDE + k: unique without coordination between blocks. */
    public static final int SOURCES_ID_STRIDE = 16;
    public static final int MAX_SOURCES_PER_OBJECT = 9;
    public static final List<String> BANDS = List.of("u", "g", "r", "i", "z", "y");
    static final int CLUSTER_FRACTION_PERCENT = 4;
    static final double CLUSTER_SIGMA_DEG = 0.2;
    /** Cluster centres {ra, dec}: across ra=0, COSMOS, ECDFS, near the north pole, a southern field. */
    static final double[][] CLUSTERS = {{0.05, 10.0}, {150.1, 2.2}, {53.1, -28.1}, {62.0, 89.3}, {270.0, -30.0}};
    static final double NULL_U_FLUX = 0.04;
    static final double NULL_Y_FLUX = 0.03;
    static final double NULL_EXTENDEDNESS = 0.02;
    private static final double SOURCE_OFFSET_MAX_ARCSEC = 0.5;
    private static final double[] BAND_COLOR = {1.3, 0.6, 0.0, -0.3, -0.5, -0.6};
    private static final double[] EFFECTIVE_WAVELENGTH_NM = {367.0, 482.5, 622.2, 754.5, 869.1, 971.0};
    private static final double[] BANDWIDTH_NM = {54.0, 146.0, 139.0, 130.0, 104.0, 87.0};

    private final long seed;
    private final long objectCount;
    private final int blockObjects;
    private final TableDef object;
    private final TableDef source;
    private final TableDef filter;

    public SampleCatalog(long seed, long objectCount) {
        this(seed, objectCount, DEFAULT_BLOCK_OBJECTS);
    }

    public SampleCatalog(long seed, long objectCount, int blockObjects) {
        if (objectCount < 0) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "sample object count must be >= 0, got " + objectCount);
        }
        if (blockObjects <= 0) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "sample block size must be > 0, got " + blockObjects);
        }
        if (objectCount > (long) Integer.MAX_VALUE * blockObjects) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "sample object count too large: " + objectCount);
        }
        this.seed = seed;
        this.objectCount = objectCount;
        this.blockObjects = blockObjects;
        this.object = objectDef();
        this.source = sourceDef();
        this.filter = filterDef();
    }

    private static TableDef objectDef() {
        List<ColumnDef> cols = new ArrayList<>();
        cols.add(ColumnDef.notNull("objectId", ColumnType.BIGINT).describedAs(null, "meta.id;meta.main",
                "Unique identifier of the object"));
        cols.add(ColumnDef.notNull("coord_ra", ColumnType.DOUBLE).describedAs("deg", "pos.eq.ra;meta.main",
                "Right ascension (ICRS)"));
        cols.add(ColumnDef.notNull("coord_dec", ColumnType.DOUBLE).describedAs("deg", "pos.eq.dec;meta.main",
                "Declination (ICRS)"));
        for (String b : BANDS) {
            cols.add(ColumnDef.of(b + "_psfFlux", ColumnType.DOUBLE).describedAs("nJy", "phot.flux",
                    "PSF flux in band " + b));
        }
        for (String b : BANDS) {
            cols.add(ColumnDef.of(b + "_psfFluxErr", ColumnType.DOUBLE).describedAs("nJy", "stat.error;phot.flux",
                    "Uncertainty of the PSF flux in band " + b));
        }
        cols.add(ColumnDef.of("refExtendedness", ColumnType.DOUBLE).describedAs(null, "src.morph",
                "Extendedness in the reference band: 0 point-like, 1 extended"));
        return new TableDef(DATABASE, OBJECT, TableKind.DIRECTOR, cols, "objectId", "coord_ra", "coord_dec", null)
                .describedAs("Astronomical objects detected on coadded images (synthetic, shaped like Rubin DP1 Object)");
    }

    private static TableDef sourceDef() {
        List<ColumnDef> cols = List.of(
                ColumnDef.notNull("sourceId", ColumnType.BIGINT).describedAs(null, "meta.id;meta.main",
                        "Unique identifier of the source"),
                ColumnDef.notNull("objectId", ColumnType.BIGINT).describedAs(null, "meta.id",
                        "The object this source is a detection of"),
                ColumnDef.notNull("visit", ColumnType.BIGINT).describedAs(null, "meta.id;obs", "Visit identifier"),
                new ColumnDef("band", ColumnType.VARCHAR, 1, 0, false).describedAs(null, "instr.bandpass",
                        "Band of the visit (u, g, r, i, z or y)"),
                ColumnDef.notNull("ra", ColumnType.DOUBLE).describedAs("deg", "pos.eq.ra", "Right ascension (ICRS)"),
                ColumnDef.notNull("dec", ColumnType.DOUBLE).describedAs("deg", "pos.eq.dec", "Declination (ICRS)"),
                ColumnDef.notNull("psfFlux", ColumnType.DOUBLE).describedAs("nJy", "phot.flux", "PSF flux"),
                ColumnDef.notNull("psfFluxErr", ColumnType.DOUBLE).describedAs("nJy", "stat.error;phot.flux",
                        "Uncertainty of the PSF flux"),
                ColumnDef.notNull("midpointMjdTai", ColumnType.DOUBLE).describedAs("d", "time.epoch",
                        "Mid-exposure time (MJD, TAI)"));
        return new TableDef(DATABASE, SOURCE, TableKind.CHILD, cols, "objectId", null, null, OBJECT)
                .describedAs("Detections on single visits (light curves), stored with their object");
    }

    private static TableDef filterDef() {
        List<ColumnDef> cols = List.of(
                new ColumnDef("band", ColumnType.VARCHAR, 1, 0, false).describedAs(null, "instr.bandpass;meta.main",
                        "Band name"),
                new ColumnDef("filterName", ColumnType.VARCHAR, 16, 0, false).describedAs(null, "instr.filter",
                        "Filter name"),
                ColumnDef.notNull("effectiveWavelength", ColumnType.DOUBLE).describedAs("nm", "em.wl.effective",
                        "Effective wavelength"),
                ColumnDef.notNull("bandwidth", ColumnType.DOUBLE).describedAs("nm", "instr.bandwidth", "Band width"));
        return new TableDef(DATABASE, FILTER, TableKind.REPLICATED, cols, null, null, null, null)
                .describedAs("The photometric bands, one row each");
    }

    public String database() {
        return DATABASE;
    }

    public long seed() {
        return seed;
    }

    public long objectCount() {
        return objectCount;
    }

    public int blockObjects() {
        return blockObjects;
    }

    public int blockCount() {
        return (int) ((objectCount + blockObjects - 1) / blockObjects);
    }

    public TableDef objectTable() {
        return object;
    }

    public TableDef sourceTable() {
        return source;
    }

    public TableDef filterTable() {
        return filter;
    }

    /** Director first, then child, then replicated: the order in which they must be registered and partitioned. */
    public List<TableDef> tables() {
        return List.of(object, source, filter);
    }

    /** The rows of {@code Filter}: one per band. */
    public TableBlock filterRows() {
        int n = BANDS.size();
        String[] band = BANDS.toArray(new String[0]);
        String[] name = new String[n];
        for (int i = 0; i < n; i++) {
            name[i] = band[i] + "_lsst";
        }
        return new TableBlock(filter.columns(), List.of(new ColumnData.Strings(band), new ColumnData.Strings(name),
                new ColumnData.Doubles(EFFECTIVE_WAVELENGTH_NM.clone(), null),
                new ColumnData.Doubles(BANDWIDTH_NM.clone(), null)), n);
    }

    /** Generates block {@code index} (0-based): objects {@code [index * blockObjects, ...)} and their sources. */
    public SampleBlock block(int index) {
        if (index < 0 || index >= blockCount()) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT,
                    "sample block " + index + " out of range 0.." + (blockCount() - 1));
        }
        long first = (long) index * blockObjects;
        int n = (int) Math.min(blockObjects, objectCount - first);
        // Two streams: the source counts are drawn up front so arrays are sized exactly.
        SplittableRandom counts = new SplittableRandom(streamSeed(index, 1));
        SplittableRandom rnd = new SplittableRandom(streamSeed(index, 0));
        int[] nSources = new int[n];
        int totalSources = 0;
        for (int i = 0; i < n; i++) {
            nSources[i] = 1 + counts.nextInt(MAX_SOURCES_PER_OBJECT);
            totalSources += nSources[i];
        }

        long[] objectId = new long[n];
        double[] ra = new double[n];
        double[] dec = new double[n];
        double[][] flux = new double[6][n];
        double[][] fluxErr = new double[6][n];
        boolean[] uNull = new boolean[n];
        boolean[] yNull = new boolean[n];
        double[] ext = new double[n];
        boolean[] extNull = new boolean[n];

        long[] sourceId = new long[totalSources];
        long[] sObjectId = new long[totalSources];
        long[] visit = new long[totalSources];
        String[] band = new String[totalSources];
        double[] sRa = new double[totalSources];
        double[] sDec = new double[totalSources];
        double[] sFlux = new double[totalSources];
        double[] sFluxErr = new double[totalSources];
        double[] mjd = new double[totalSources];

        double[] pos = new double[2];
        int s = 0;
        for (int i = 0; i < n; i++) {
            long globalIndex = first + i;
            objectId[i] = OBJECT_ID_BASE + globalIndex;
            if (rnd.nextInt(100) < CLUSTER_FRACTION_PERCENT) {
                double[] c = CLUSTERS[rnd.nextInt(CLUSTERS.length)];
                offset(c[0], c[1], gaussian(rnd) * CLUSTER_SIGMA_DEG, gaussian(rnd) * CLUSTER_SIGMA_DEG, pos);
                ra[i] = pos[0];
                dec[i] = pos[1];
            } else {
                ra[i] = rnd.nextDouble() * 360.0;
                dec[i] = Math.toDegrees(Math.asin(2.0 * rnd.nextDouble() - 1.0));
            }
            // r magnitude skewed to the faint end, as real counts are; colours per band plus scatter.
            double rMag = 17.0 + 8.0 * Math.sqrt(rnd.nextDouble());
            for (int b = 0; b < 6; b++) {
                double mag = rMag + BAND_COLOR[b] + 0.15 * gaussian(rnd);
                double f = Math.pow(10.0, (31.4 - mag) / 2.5);
                flux[b][i] = f;
                fluxErr[b][i] = 0.02 * f + 40.0 * (1.0 + 0.1 * Math.abs(gaussian(rnd)));
            }
            uNull[i] = rnd.nextDouble() < NULL_U_FLUX;
            yNull[i] = rnd.nextDouble() < NULL_Y_FLUX;
            extNull[i] = rnd.nextDouble() < NULL_EXTENDEDNESS;
            ext[i] = extNull[i] ? 0.0 : (rnd.nextDouble() < 0.4 ? 1.0 : 0.0);
            if (uNull[i]) {
                flux[0][i] = 0.0;
                fluxErr[0][i] = 0.0;
            }
            if (yNull[i]) {
                flux[5][i] = 0.0;
                fluxErr[5][i] = 0.0;
            }
            for (int k = 0; k < nSources[i]; k++, s++) {
                int b = rnd.nextInt(6);
                sourceId[s] = SOURCE_ID_BASE + globalIndex * SOURCES_ID_STRIDE + k;
                sObjectId[s] = objectId[i];
                visit[s] = 2024110800000L + rnd.nextInt(100_000);
                band[s] = BANDS.get(b);
                // Uniform in a disc of 0.5 arcsec: sqrt for the radius, a uniform angle.
                double r = SOURCE_OFFSET_MAX_ARCSEC / 3600.0 * Math.sqrt(rnd.nextDouble());
                double theta = rnd.nextDouble() * 2.0 * Math.PI;
                offset(ra[i], dec[i], r * Math.cos(theta), r * Math.sin(theta), pos);
                sRa[s] = pos[0];
                sDec[s] = pos[1];
                double base = (b == 0 && uNull[i]) || (b == 5 && yNull[i]) ? 500.0 : flux[b][i];
                sFlux[s] = base * (1.0 + 0.05 * gaussian(rnd));
                sFluxErr[s] = 0.05 * Math.abs(sFlux[s]) + 20.0;
                mjd[s] = 60623.0 + rnd.nextDouble() * 50.0;
            }
        }

        List<ColumnData> od = new ArrayList<>();
        od.add(new ColumnData.Longs(objectId, null));
        od.add(new ColumnData.Doubles(ra, null));
        od.add(new ColumnData.Doubles(dec, null));
        for (int b = 0; b < 6; b++) {
            od.add(new ColumnData.Doubles(flux[b], b == 0 ? uNull : b == 5 ? yNull : null));
        }
        for (int b = 0; b < 6; b++) {
            od.add(new ColumnData.Doubles(fluxErr[b], b == 0 ? uNull.clone() : b == 5 ? yNull.clone() : null));
        }
        od.add(new ColumnData.Doubles(ext, extNull));
        TableBlock objects = new TableBlock(object.columns(), od, n);
        TableBlock sources = new TableBlock(source.columns(), List.of(
                new ColumnData.Longs(sourceId, null), new ColumnData.Longs(sObjectId, null), new ColumnData.Longs(visit, null),
                new ColumnData.Strings(band), new ColumnData.Doubles(sRa, null), new ColumnData.Doubles(sDec, null),
                new ColumnData.Doubles(sFlux, null), new ColumnData.Doubles(sFluxErr, null), new ColumnData.Doubles(mjd, null)),
                totalSources);
        return new SampleBlock(index, objects, sources);
    }

    /** All blocks, generated on {@code threads} threads; the result is the same for any thread count. */
    public List<SampleBlock> generateAll(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "sample-generator");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SampleBlock>> futures = new ArrayList<>();
            for (int b = 0; b < blockCount(); b++) {
                int index = b;
                futures.add(pool.submit(() -> block(index)));
            }
            List<SampleBlock> out = new ArrayList<>();
            for (Future<SampleBlock> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkyshardException(CommonErrorCode.INTERNAL_ERROR, "sample generation interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw SkyshardException.wrap(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The rows of one table as a lazy sequence of blocks (one generated block at a time), for the
     * table-generic loaders. {@code Object} and {@code Source} each regenerate the blocks: callers that
     * need both should use {@link #block(int)} once per block.
     */
    public Iterator<TableBlock> rows(String table) {
        if (table.equalsIgnoreCase(FILTER)) {
            return List.of(filterRows()).iterator();
        }
        boolean objects = table.equalsIgnoreCase(OBJECT);
        if (!objects && !table.equalsIgnoreCase(SOURCE)) {
            throw new SkyshardException(CommonErrorCode.UNKNOWN_TABLE, "sample catalog has no table '" + table + "'");
        }
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < blockCount();
            }

            @Override
            public TableBlock next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SampleBlock b = block(next++);
                return objects ? b.objects() : b.sources();
            }
        };
    }

    private long streamSeed(int blockIndex, int stream) {
        return mix(mix(seed ^ 0x632BE59BD9B4E019L) + blockIndex * 0x9E3779B97F4A7C15L + stream);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Box-Muller; SplittableRandom has no nextGaussian that is specified to be stable across JDKs. */
    private static double gaussian(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * Moves (ra, dec) by (east, north) degrees in the tangent plane, through 3-vectors so that the
     * pole and the ra = 0 seam need no special cases. Writes {ra in [0, 360), dec} into {@code out}.
     */
    static void offset(double raDeg, double decDeg, double eastDeg, double northDeg, double[] out) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double e = Math.toRadians(eastDeg);
        double n = Math.toRadians(northDeg);
        double cr = Math.cos(ra);
        double sr = Math.sin(ra);
        double cd = Math.cos(dec);
        double sd = Math.sin(dec);
        double x = cd * cr - e * sr - n * sd * cr;
        double y = cd * sr + e * cr - n * sd * sr;
        double z = sd + n * cd;
        double norm = Math.sqrt(x * x + y * y + z * z);
        double outRa = Math.toDegrees(Math.atan2(y, x));
        if (outRa < 0) {
            outRa += 360.0;
        }
        if (outRa >= 360.0) {
            outRa = 0.0;
        }
        out[0] = outRa;
        out[1] = Math.toDegrees(Math.asin(Math.max(-1.0, Math.min(1.0, z / norm))));
    }
}
