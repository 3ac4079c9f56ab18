package io.skyshard.tap.adql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An ADQL query translated into the Qserv dialect the query service runs.
 *
 * @param adql      the query as the client sent it
 * @param sql       the translated statement (identifiers quoted, TAP_UPLOAD names replaced)
 * @param database  the database the statement runs in (session default)
 * @param target    where it runs: the cluster (catalog tables and uploads) or the local TAP_SCHEMA
 * @param columns   the result columns, in order
 * @param uploads   the upload tables the query reads (they must be on the workers while it runs)
 * @param maxrec    the most rows the client gets; the statement asks for one more when more may exist
 * @param mayOverflow true when the statement's LIMIT is maxrec + 1: a last row means the result was cut
 * @param uploadMatch null, or the condition binding every result row to an uploaded position (then
 *                    only the chunks near the uploaded positions need to be read)
 * @param positions   maps positions in {@code sql} to the ADQL's, for error messages
 */
public record TranslatedQuery(String adql, String sql, String database, TapTable.Source target,
        List<OutputColumn> columns, List<TapTable> uploads, long maxrec, boolean mayOverflow, UploadMatch uploadMatch,
        AdqlPositions positions) {
    public TranslatedQuery {
        requireNonNull(positions, "positions");
        requireNonNull(adql, "adql");
        requireNonNull(sql, "sql");
        requireNonNull(target, "target");
        columns = List.copyOf(columns);
        uploads = List.copyOf(uploads);
    }

    /**
     * A cross-match: an inner join condition (a top-level AND term of WHERE or of an inner join's ON)
     * that keeps a row only when the position of the query's one director table lies within a
     * constant radius of the position of an uploaded row, e.g. {@code DISTANCE(POINT(u.ra, u.dec),
     * POINT(o.ra, o.dec)) < 1.0 / 3600} or {@code CONTAINS(POINT(o.ra, o.dec), CIRCLE(u.ra, u.dec, r)) = 1}.
     *
     * @param upload     the uploaded table
     * @param raColumn   its column holding the positions' ra (degrees)
     * @param decColumn  its column holding the positions' dec
     * @param radiusDeg  the radius, degrees
     */
    public record UploadMatch(TapTable upload, String raColumn, String decColumn, double radiusDeg) {
        public UploadMatch {
            requireNonNull(upload, "upload");
            requireNonNull(raColumn, "raColumn");
            requireNonNull(decColumn, "decColumn");
        }
    }
}
