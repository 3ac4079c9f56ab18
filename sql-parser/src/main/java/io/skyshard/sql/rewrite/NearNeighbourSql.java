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
 * Calcite trees of the chunk-query pieces of distance and match joins: the far side of a join read
 * from a chunk table and its overlap table, and the sky cells through which a distance join becomes a
 * hash join (the macros and the cell scheme are in {@code near-neighbour.sql}). Each step of the cell
 * arithmetic is one nested SELECT over the table, under the table's own alias, adding columns named
 * {@code __skyshard_<step>_<tag>} ({@code tag} tells apart the cells of several joins of one table).
 *
 * <pre>
 * near side:  (SELECT o1.*, skyshard_nn_key(o1.__skyshard_z_1, skyshard_nn_bucket(o1.__skyshard_ra_1,
 *                  skyshard_nn_buckets(o1.__skyshard_z_1, h)), ..., h) AS __skyshard_cell_1
 *              FROM (SELECT o1.*, skyshard_nn_zone(...) AS __skyshard_z_1 FROM (... FROM "db"."Object_%CHUNK%" AS o1)))
 * far side:   the rows of (SELECT * FROM "db"."Object_%CHUNK%" UNION ALL SELECT * FROM "db"."ObjectFullOverlap_%CHUNK%"),
 *             repeated over unnest(range(zone(dec - r), zone(dec + r) + 1)) then over the buckets each zone's
 *             circle covers, with their cell in __skyshard_cell_1
 * join:       o1.__skyshard_cell_1 = o2.__skyshard_cell_1
 * </pre>
 */
public final class NearNeighbourSql {
    private static final SqlFunction FOLD = function("skyshard_nn_fold");
    private static final SqlFunction DEC = function("skyshard_nn_dec");
    private static final SqlFunction RA = function("skyshard_nn_ra");
    private static final SqlFunction ZONE = function("skyshard_nn_zone");
    private static final SqlFunction BUCKETS = function("skyshard_nn_buckets");
    private static final SqlFunction KEY = function("skyshard_nn_key");
    private static final SqlFunction BUCKET = function("skyshard_nn_bucket");
    private static final SqlFunction REACH = function("skyshard_nn_reach");
    private static final SqlFunction SPAN = function("skyshard_nn_span");
    private static final SqlFunction RANGE = function("range");
    private static final SqlFunction FLOOR = function("floor");
    private static final SqlFunction UNNEST = function("unnest");

    private NearNeighbourSql() {
    }

    private static SqlFunction function(String name) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0_NULLABLE, null, OperandTypes.VARIADIC,
                SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }

    /**
     * The rows of a director table in the chunks read and in their overlap, each once: the far side
     * of a join. A worker may read many chunks at once (union mode): an overlap row whose own chunk
     * is among them is there already, and one bordering several of them is read once.
     * <pre>
     * SELECT * FROM "db"."Object_%CHUNK%"
     * UNION ALL SELECT DISTINCT * FROM "db"."ObjectFullOverlap_%CHUNK%" AS skyshard_overlap
     *           WHERE skyshard_overlap.chunkId NOT IN (SELECT chunkId FROM "db"."Object_%CHUNK%")
     * </pre>
     */
    public static SqlNode chunkAndOverlap(TableDef table) {
        SqlNode chunkTable = SqlTrees.id(table.database(), ChunkTables.chunkTableTemplate(table.name()));
        SqlNode chunk = selectAll(chunkTable);
        SqlNode chunkIds = select(List.of(SqlTrees.id(TableDef.CHUNK_ID)), chunkTable);
        SqlSelect overlap = select(List.of(SqlIdentifier.star(SqlParserPos.ZERO)), SqlTrees.as(
                SqlTrees.id(table.database(), ChunkTables.overlapTableTemplate(table.name())), "skyshard_overlap"));
        overlap.setOperand(0, SqlTrees.list(List.of(org.apache.calcite.sql.SqlSelectKeyword.DISTINCT.symbol(SqlParserPos.ZERO))));
        overlap.setWhere(SqlStdOperatorTable.NOT_IN.createCall(SqlParserPos.ZERO,
                SqlTrees.id("skyshard_overlap", TableDef.CHUNK_ID), chunkIds));
        return SqlStdOperatorTable.UNION_ALL.createCall(SqlParserPos.ZERO, chunk, overlap);
    }

    /** The name of the cell column that {@link #nearCells} / {@link #farCells} add for {@code tag}. */
    public static String cellColumn(int tag) {
        return column("cell", tag);
    }

    private static String column(String step, int tag) {
        return "__skyshard_" + step + "_" + tag;
    }

    /**
     * The FROM item {@code source AS alias} with one more column, {@link #cellColumn}: the cell of the
     * position ({@code ra}, {@code dec}) for cells {@code h} degrees high.
     */
    public static SqlNode nearCells(SqlNode source, String alias, String ra, String dec, double h, int tag) {
        SqlNode rows = folded(source, alias, ra, dec, tag, null);
        rows = extend(rows, alias, column("z", tag), ZONE.createCall(SqlParserPos.ZERO, col(alias, "dec", tag), number(h)));
        SqlNode buckets = BUCKETS.createCall(SqlParserPos.ZERO, col(alias, "z", tag), number(h));
        SqlNode bucket = BUCKET.createCall(SqlParserPos.ZERO, col(alias, "ra", tag), buckets);
        return extend(rows, alias, cellColumn(tag), KEY.createCall(SqlParserPos.ZERO, col(alias, "z", tag), bucket,
                buckets, number(h)));
    }

    /**
     * The FROM item {@code source AS alias}, each row with a position repeated once per cell within
     * {@code reach} degrees of it, the cell in {@link #cellColumn}; rows without a position are dropped
     * (they are within no distance of anything).
     */
    public static SqlNode farCells(SqlNode source, String alias, String ra, String dec, double reach, double h, int tag) {
        SqlNode rows = folded(source, alias, ra, dec, tag, hasPosition(alias, ra, dec));
        SqlNode d = col(alias, "dec", tag);
        SqlNode zones = RANGE.createCall(SqlParserPos.ZERO,
                ZONE.createCall(SqlParserPos.ZERO, SqlStdOperatorTable.MINUS.createCall(SqlParserPos.ZERO, d, number(reach)), number(h)),
                SqlStdOperatorTable.PLUS.createCall(SqlParserPos.ZERO,
                        ZONE.createCall(SqlParserPos.ZERO, SqlStdOperatorTable.PLUS.createCall(SqlParserPos.ZERO, d, number(reach)),
                                number(h)), SqlTrees.integer(1)));
        rows = extend(rows, alias, List.of(column("reach", tag), column("z", tag)),
                List.of(REACH.createCall(SqlParserPos.ZERO, d, number(reach)), UNNEST.createCall(SqlParserPos.ZERO, zones)));
        rows = extend(rows, alias, column("n", tag), BUCKETS.createCall(SqlParserPos.ZERO, col(alias, "z", tag), number(h)));
        SqlNode n = col(alias, "n", tag);
        SqlNode lo = bucketOf(SqlStdOperatorTable.MINUS.createCall(SqlParserPos.ZERO, col(alias, "ra", tag), col(alias, "reach", tag)), n);
        SqlNode hi = bucketOf(SqlStdOperatorTable.PLUS.createCall(SqlParserPos.ZERO, col(alias, "ra", tag), col(alias, "reach", tag)), n);
        rows = extend(rows, alias, List.of(column("lo", tag), column("hi", tag)), List.of(lo, hi));
        rows = extend(rows, alias, column("b", tag), UNNEST.createCall(SqlParserPos.ZERO,
                SPAN.createCall(SqlParserPos.ZERO, col(alias, "lo", tag), col(alias, "hi", tag), n)));
        return extend(rows, alias, cellColumn(tag), KEY.createCall(SqlParserPos.ZERO, col(alias, "z", tag),
                col(alias, "b", tag), n, number(h)));
    }

    /** {@code floor(x * n / 360)} as BIGINT: the (unwrapped) bucket of right ascension x among n. */
    private static SqlNode bucketOf(SqlNode x, SqlNode n) {
        SqlNode scaled = SqlStdOperatorTable.DIVIDE.createCall(SqlParserPos.ZERO,
                SqlStdOperatorTable.MULTIPLY.createCall(SqlParserPos.ZERO, x, n), number(360.0));
        return SqlStdOperatorTable.CAST.createCall(SqlParserPos.ZERO, FLOOR.createCall(SqlParserPos.ZERO, scaled),
                new org.apache.calcite.sql.SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(
                        org.apache.calcite.sql.type.SqlTypeName.BIGINT, SqlParserPos.ZERO), SqlParserPos.ZERO));
    }

    /** {@code source AS alias} (rows meeting {@code where}) with the folded declination, then the declination and ra. */
    private static SqlNode folded(SqlNode source, String alias, String ra, String dec, int tag, SqlNode where) {
        List<SqlNode> items = List.of(SqlIdentifier.star(List.of(alias, ""), SqlParserPos.ZERO, null),
                SqlTrees.as(FOLD.createCall(SqlParserPos.ZERO, SqlTrees.id(alias, dec)), column("f", tag)));
        SqlSelect first = select(items, SqlTrees.as(source, alias));
        first.setWhere(where);
        SqlNode rows = SqlTrees.as(first, alias);
        return extend(rows, alias, List.of(column("dec", tag), column("ra", tag)), List.of(
                DEC.createCall(SqlParserPos.ZERO, col(alias, "f", tag)),
                RA.createCall(SqlParserPos.ZERO, SqlTrees.id(alias, ra), col(alias, "f", tag))));
    }

    private static SqlNode col(String alias, String step, int tag) {
        return SqlTrees.id(alias, column(step, tag));
    }

    private static SqlNode extend(SqlNode rows, String alias, String name, SqlNode value) {
        return extend(rows, alias, List.of(name), List.of(value));
    }

    /** {@code (SELECT alias.*, value AS name, ... FROM rows) AS alias}. */
    private static SqlNode extend(SqlNode rows, String alias, List<String> names, List<SqlNode> values) {
        List<SqlNode> items = new ArrayList<>();
        items.add(SqlIdentifier.star(List.of(alias, ""), SqlParserPos.ZERO, null));
        for (int i = 0; i < names.size(); i++) {
            items.add(SqlTrees.as(values.get(i), names.get(i)));
        }
        return SqlTrees.as(select(items, rows), alias);
    }

    /** {@code near.cell = far.cell}. */
    public static SqlNode cellJoin(String nearAlias, String farAlias, int tag) {
        return SqlStdOperatorTable.EQUALS.createCall(SqlParserPos.ZERO, SqlTrees.id(nearAlias, cellColumn(tag)),
                SqlTrees.id(farAlias, cellColumn(tag)));
    }

    /** {@code alias.ra IS NOT NULL AND alias.dec IS NOT NULL}. */
    private static SqlNode hasPosition(String alias, String ra, String dec) {
        return SqlStdOperatorTable.AND.createCall(SqlParserPos.ZERO,
                SqlStdOperatorTable.IS_NOT_NULL.createCall(SqlParserPos.ZERO, SqlTrees.id(alias, ra)),
                SqlStdOperatorTable.IS_NOT_NULL.createCall(SqlParserPos.ZERO, SqlTrees.id(alias, dec)));
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
