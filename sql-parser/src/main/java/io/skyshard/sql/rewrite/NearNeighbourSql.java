package io.skyshard.sql.rewrite;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * Calcite trees of the chunk-query pieces of near-neighbour and match joins: the overlap side of a
 * join reads the chunk table and its overlap table, and a near-neighbour join matches rows through
 * the cell macros of {@code near-neighbour.sql} (see there for the cell scheme).
 *
 * <pre>
 * overlap side:  (SELECT * FROM "db"."Object_%CHUNK%" UNION ALL SELECT * FROM "db"."ObjectFullOverlap_%CHUNK%")
 * with cells:    (SELECT "o2".*, unnest(skyshard_nn_cells("o2"."ra", "o2"."decl", 0.0166667, 0.0166667)) AS "__skyshard_cell"
 *                 FROM (... the union above ...) AS "o2")
 * join key:      skyshard_nn_cell("o1"."ra", "o1"."decl", 0.0166667) = "o2"."__skyshard_cell"
 * </pre>
 */
public final class NearNeighbourSql {
    /** Column of the overlap side holding one cell of the cells near its row. */
    public static final String CELL_COLUMN = "__skyshard_cell";

    private static final SqlFunction CELL = function("skyshard_nn_cell");
    private static final SqlFunction CELLS = function("skyshard_nn_cells");
    private static final SqlFunction UNNEST = function("unnest");

    private NearNeighbourSql() {
    }

    private static SqlFunction function(String name) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0_NULLABLE, null, OperandTypes.VARIADIC,
                SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }

    /** The rows of a director table in the chunk and in its overlap: the far side of a join. */
    public static SqlNode chunkAndOverlap(TableDef table) {
        SqlNode chunk = selectAll(SqlTrees.id(table.database(), ChunkTables.chunkTableTemplate(table.name())));
        SqlNode overlap = selectAll(SqlTrees.id(table.database(), ChunkTables.overlapTableTemplate(table.name())));
        return SqlStdOperatorTable.UNION_ALL.createCall(SqlParserPos.ZERO, chunk, overlap);
    }

    /**
     * The far side of a distance join: the rows of {@code source} (a table or a query) under
     * {@code alias}, each repeated once per cell within {@code reach} of its position
     * ({@code ra}, {@code dec}) with the cell in {@link #CELL_COLUMN}.
     */
    public static SqlNode withCells(SqlNode source, String alias, String ra, String dec, double reach, double cellHeight) {
        SqlNode rows = SqlTrees.as(source, alias);
        SqlNode cells = CELLS.createCall(SqlParserPos.ZERO, SqlTrees.id(alias, ra), SqlTrees.id(alias, dec),
                number(reach), number(cellHeight));
        List<SqlNode> items = new ArrayList<>();
        items.add(SqlIdentifier.star(List.of(alias, ""), SqlParserPos.ZERO, null));
        items.add(SqlTrees.as(UNNEST.createCall(SqlParserPos.ZERO, cells), CELL_COLUMN));
        return select(items, rows);
    }

    /** {@code skyshard_nn_cell(nearAlias.ra, nearAlias.dec, h) = farAlias.__skyshard_cell}. */
    public static SqlNode cellJoin(String nearAlias, String ra, String dec, String farAlias, double cellHeight) {
        SqlNode cell = CELL.createCall(SqlParserPos.ZERO, SqlTrees.id(nearAlias, ra), SqlTrees.id(nearAlias, dec),
                number(cellHeight));
        return SqlStdOperatorTable.EQUALS.createCall(SqlParserPos.ZERO, cell, SqlTrees.id(farAlias, CELL_COLUMN));
    }

    private static SqlNode selectAll(SqlNode from) {
        return select(List.of(SqlIdentifier.star(SqlParserPos.ZERO)), from);
    }

    private static SqlSelect select(List<SqlNode> items, SqlNode from) {
        return new SqlSelect(SqlParserPos.ZERO, null, SqlTrees.list(items), from, null, null, null, null, null, null,
                null, null, null);
    }

    private static SqlNode number(double value) {
        // Shortest decimal text that reads back as the same double (the macros cast it to DOUBLE).
        return SqlLiteral.createExactNumeric(java.math.BigDecimal.valueOf(value).toPlainString(), SqlParserPos.ZERO);
    }
}
