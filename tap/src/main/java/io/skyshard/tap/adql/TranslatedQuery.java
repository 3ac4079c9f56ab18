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
 */
public record TranslatedQuery(String adql, String sql, String database, TapTable.Source target,
        List<OutputColumn> columns, List<TapTable> uploads, long maxrec, boolean mayOverflow) {
    public TranslatedQuery {
        requireNonNull(adql, "adql");
        requireNonNull(sql, "sql");
        requireNonNull(target, "target");
        columns = List.copyOf(columns);
        uploads = List.copyOf(uploads);
    }
}
