package io.skyshard.sql.parser;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.sql.SqlNode;

/** A parsed statement and the map from its node positions back to the user's text. */
public record ParsedQuery(SqlNode statement, PositionMap positions) {
    public ParsedQuery {
        requireNonNull(statement, "statement");
        requireNonNull(positions, "positions");
    }
}
