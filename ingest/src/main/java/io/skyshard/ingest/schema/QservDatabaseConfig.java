package io.skyshard.ingest.schema;

import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import java.nio.file.Path;

/**
 * A Qserv {@code ingest/database.json}: the database name and Qserv's stripe partitioning
 * ({@code num_stripes}, {@code num_sub_stripes}, {@code overlap} in degrees), mapped to HEALPix.
 *
 * <p>Qserv cuts the sky into {@code num_stripes} declination stripes of height {@code 180/num_stripes}
 * degrees, each chunk roughly square; sub-chunks are {@code num_sub_stripes} times finer. Skyshard uses
 * the HEALPix order whose pixel size {@code sqrt(4 pi / (12 * 4^k))} is nearest to those sizes, nearest
 * on a log scale (pixel sizes halve per order, so "nearest" means nearest ratio). Chunk orders are
 * clamped to 0..13 and sub-chunk orders to chunkOrder..20 ({@link Partitioning}'s ranges). The overlap
 * is kept in degrees.
 */
public record QservDatabaseConfig(String database, int numStripes, int numSubStripes, double overlapDeg) {
    public QservDatabaseConfig {
        if (database == null || database.isBlank()) {
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, "database.json: 'database' is missing");
        }
        if (numStripes < 1 || numSubStripes < 1) {
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, "database " + database
                    + ": num_stripes and num_sub_stripes must be >= 1, got " + numStripes + " and " + numSubStripes);
        }
        if (!(overlapDeg >= 0 && overlapDeg <= 10)) {
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG,
                    "database " + database + ": overlap must be in [0, 10] degrees, got " + overlapDeg);
        }
    }

    public static QservDatabaseConfig parse(Path file) {
        return parse(Json.readObject(file));
    }

    public static QservDatabaseConfig parse(Json.Node root) {
        return new QservDatabaseConfig(
                root.requiredText("database"),
                root.requiredInt("num_stripes"),
                root.requiredInt("num_sub_stripes"),
                root.requiredDouble("overlap"));
    }

    public Partitioning partitioning() {
        int chunk = chunkOrder(numStripes);
        return new Partitioning(chunk, subChunkOrder(numStripes, numSubStripes, chunk), overlapDeg);
    }

    public DatabaseDef toDatabaseDef() {
        return new DatabaseDef(database, partitioning());
    }

    /** HEALPix pixel size in degrees at an order. */
    public static double pixelSizeDeg(int order) {
        return Math.toDegrees(Math.sqrt(4 * Math.PI / (12.0 * Math.pow(4, order))));
    }

    /** The chunk order nearest to Qserv chunks of height {@code 180/numStripes} degrees. */
    public static int chunkOrder(int numStripes) {
        return nearestOrder(180.0 / numStripes, 0, 13);
    }

    /** The sub-chunk order nearest to Qserv sub-chunks of height {@code 180/numStripes/numSubStripes} degrees. */
    public static int subChunkOrder(int numStripes, int numSubStripes, int chunkOrder) {
        return nearestOrder(180.0 / numStripes / numSubStripes, chunkOrder, 20);
    }

    private static int nearestOrder(double sizeDeg, int min, int max) {
        int best = min;
        double bestDistance = Double.MAX_VALUE;
        for (int k = min; k <= max; k++) {
            double d = Math.abs(Math.log(pixelSizeDeg(k) / sizeDeg));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }
}
