package io.skyshard.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.spatial.region.Box;
import io.skyshard.spatial.region.Circle;
import io.skyshard.spatial.region.Region;
import io.skyshard.sql.plan.ChunkSelection;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.LocalPlan;
import io.skyshard.sql.plan.QueryPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestQueryPlanner {
    private final List<Region> regions = new ArrayList<>();
    /** Fake chunker: circles cover chunk 101 and 102, boxes 102 and 103, so intersections are visible. */
    private final QueryPlanner planner = new QueryPlanner((p, region) -> {
        regions.add(region);
        return region instanceof Circle ? new int[] {102, 101} : new int[] {102, 103};
    });

    private QueryPlan plan(String sql) {
        return planner.plan(sql, "demo", new DemoCatalog(), DemoCatalog.INDEX);
    }

    private DistributedPlan distributed(String sql) {
        return (DistributedPlan) plan(sql);
    }

    private static void assertError(Runnable r, SqlErrorCode code, String... fragments) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(SkyshardException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }

    @Test
    void columnNamesFollowMysql() {
        DistributedPlan p = distributed("SELECT objectId, COUNT(*), count( g_psfFlux ) AS n, (g_psfFlux+1)*2, o.coord_ra "
                + "FROM Object o GROUP BY objectId, (g_psfFlux+1)*2, o.coord_ra");
        assertThat(p.columnNames()).containsExactly("objectId", "COUNT(*)", "n", "(g_psfFlux+1)*2", "coord_ra");
    }

    @Test
    void starListsCatalogColumnsButChunkColumnsOnlyByName() {
        assertThat(distributed("SELECT * FROM Source").columnNames()).containsExactly("sourceId", "objectId", "band", "psfFlux");
        assertThat(distributed("SELECT s.*, chunkId, subChunkId FROM Source s").columnNames())
                .containsExactly("sourceId", "objectId", "band", "psfFlux", "chunkId", "subChunkId");
        assertThat(distributed("SELECT * FROM `Filter`").columnNames()).containsExactly("band", "filterName", "effWavelength");
    }

    @Test
    void chunkTablesCarryAliasesAndUnionTable() {
        DistributedPlan p = distributed("select OBJECTID from demo.object where demo.object.g_psfflux > 1");
        assertThat(p.chunkSqlTemplate()).contains("FROM \"demo\".\"Object_%CHUNK%\" AS \"Object\"")
                .contains("\"Object\".\"objectId\"").contains("\"Object\".\"g_psfFlux\"");
        assertThat(p.unionTable()).isEqualTo("\"demo\".\"Object_%CHUNK%\"");
        assertThat(p.chunks()).isInstanceOf(ChunkSelection.All.class);
        // a director-child join pairs rows of one chunk only: every chunk table may read all chunks at once
        assertThat(distributed("SELECT o.objectId FROM Object o JOIN Source s ON s.objectId = o.objectId").unionTable())
                .isEqualTo(io.skyshard.common.catalog.ChunkTables.ALL_CHUNK_TABLES);
    }

    @Test
    void replicatedOnlyAndLocal() {
        DistributedPlan p = distributed("SELECT band FROM `Filter`");
        assertThat(p.chunks()).isInstanceOf(ChunkSelection.ReplicatedOnly.class);
        assertThat(p.chunkSqlTemplate()).contains("\"demo\".\"Filter\"").doesNotContain("%CHUNK%");
        QueryPlan local = plan("SELECT 1+1, now()");
        assertThat(local).isInstanceOf(LocalPlan.class);
        assertThat(((LocalPlan) local).columnNames()).containsExactly("1+1", "now()");
    }

    @Test
    void directorKeyLookupsPruneChunks() {
        assertThat(((ChunkSelection.Chunks) distributed("SELECT * FROM Object WHERE objectId = 6").chunks()).chunkIds())
                .containsExactly(DemoCatalog.chunkOf(6));
        assertThat(((ChunkSelection.Chunks) distributed("SELECT * FROM Source WHERE objectId IN (1, 2, 5, 9999)").chunks())
                .chunkIds()).containsExactly(101, 102);
        assertThat(((ChunkSelection.Chunks) distributed("SELECT * FROM Object WHERE objectId = 9999").chunks()).chunkIds())
                .isEmpty();
        assertThat(distributed("SELECT * FROM Object WHERE objectId = 6 OR g_psfFlux > 1").chunks())
                .isInstanceOf(ChunkSelection.All.class);
    }

    @Test
    void spatialRestrictorsBecomePredicatesAndRegions() {
        DistributedPlan p = distributed("SELECT objectId FROM Object WHERE qserv_areaspec_circle(10, -20.5, 0.1) AND g_psfFlux > 1");
        assertThat(regions).containsExactly(new Circle(10, -20.5, 0.1));
        assertThat(p.chunkSqlTemplate()).containsIgnoringCase("scisql_s2PtInCircle(\"Object\".\"coord_ra\", \"Object\".\"coord_dec\", 10, -20.5, 0.1) = 1")
                .doesNotContainIgnoringCase("qserv_areaspec")
                // the declination band the circle lies in, compared before the exact test's trigonometry
                .contains("\"Object\".\"coord_dec\" BETWEEN - 2.0600000001E1 AND - 2.0399999999E1");
        assertThat(((ChunkSelection.Chunks) p.chunks()).chunkIds()).containsExactly(101, 102);
        assertThat(distributed("SELECT objectId FROM Object WHERE scisql_angSep(1, 2, coord_ra, coord_dec) < 0.5").chunkSqlTemplate())
                .contains("\"Object\".\"coord_dec\" BETWEEN 1.499999999E0 AND 2.500000001E0");
        assertThat(distributed("SELECT objectId FROM Object WHERE scisql_s2PtInCircle(coord_ra, coord_dec, 1, 89.9, 0.5) = 1")
                .chunkSqlTemplate()).contains("\"Object\".\"coord_dec\" BETWEEN 8.9399999999E1 AND 9.00E1");
        assertThat(distributed("SELECT objectId FROM Object WHERE scisql_angSep(1, 2, coord_ra, coord_dec) > 0.5").chunkSqlTemplate())
                .doesNotContain("BETWEEN");
        assertThat(distributed("SELECT objectId FROM Object WHERE qserv_areaspec_box(359, 2, 1, 4)").chunkSqlTemplate())
                .contains("\"Object\".\"coord_dec\" BETWEEN 1.999999999E0 AND 4.000000001E0");
        regions.clear();
        DistributedPlan both = distributed("SELECT s.sourceId FROM Object o, Source s WHERE s.objectId = o.objectId "
                + "AND QSERV_AREASPEC_BOX(1, 2, 3, 4) = 1 AND qserv_areaspec_circle(2, 3, 1)");
        assertThat(regions).containsExactly(new Box(1, 2, 3, 4), new Circle(2, 3, 1));
        assertThat(((ChunkSelection.Chunks) both.chunks()).chunkIds()).containsExactly(102);
        assertThat(both.chunkSqlTemplate()).containsIgnoringCase("scisql_s2PtInBox(\"o\".\"coord_ra\", \"o\".\"coord_dec\", 1, 2, 3, 4) = 1");
    }

    @Test
    void spatialRestrictorErrors() {
        assertError(() -> plan("SELECT * FROM Source WHERE qserv_areaspec_box(1, 2, 3, 4)"), SqlErrorCode.UNSUPPORTED,
                "without position columns (join its director table)", "line 1, column 28");
        assertError(() -> plan("SELECT * FROM Object WHERE g_psfFlux > 1 OR qserv_areaspec_box(1, 2, 3, 4)"),
                SqlErrorCode.UNSUPPORTED, "top-level");
        assertError(() -> plan("SELECT * FROM Object WHERE qserv_areaspec_circle(1, 95, 3)"), SqlErrorCode.INVALID_ARGUMENT,
                "declination");
    }

    @Test
    void rejectsWhatItCannotRunCorrectly() {
        assertError(() -> plan("SELECT objectId, ROW_NUMBER() OVER (ORDER BY objectId) FROM Object"), SqlErrorCode.UNSUPPORTED,
                "line 1, column", "window functions (OVER)");
        assertError(() -> plan("SELECT * FROM Object o WHERE objectId IN (SELECT objectId FROM Source s WHERE s.psfFlux > o.g_psfFlux)"),
                SqlErrorCode.UNSUPPORTED, "correlated subquery", "o.g_psfFlux", "line 1, column 43");
        assertError(() -> plan("SELECT * FROM Object WHERE g_psfFlux > ALL (SELECT psfFlux FROM Source)"), SqlErrorCode.UNSUPPORTED,
                "ANY/SOME/ALL");
        assertError(() -> plan("SELECT f.band FROM `Filter` f LEFT JOIN Source s ON s.band = f.band"),
                SqlErrorCode.UNSUPPORTED, "LEFT JOIN");
        assertError(() -> plan("SELECT foo(objectId) FROM Object"), SqlErrorCode.UNSUPPORTED, "unknown function foo",
                "line 1, column 8");
        assertError(() -> plan("SELECT STDDEV(g_psfFlux) FROM Object"), SqlErrorCode.UNSUPPORTED, "aggregate function");
        assertError(() -> plan("SELECT objectId, COUNT(*) FROM Object"), SqlErrorCode.NOT_GROUPED, "objectId");
        assertError(() -> plan("WITH RECURSIVE t AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t"),
                SqlErrorCode.UNSUPPORTED, "WITH RECURSIVE");
    }

    @Test
    void nameAndStatementErrors() {
        assertError(() -> plan("SELECT nope FROM Object"), SqlErrorCode.UNKNOWN_COLUMN, "nope", "line 1, column 8");
        assertError(() -> plan("SELECT * FROM Nope"), SqlErrorCode.UNKNOWN_TABLE, "demo.Nope");
        assertError(() -> plan("SELECT objectId FROM Object o, Source s"), SqlErrorCode.AMBIGUOUS_COLUMN, "objectId");
        assertError(() -> planner.plan("SELECT * FROM Object", null, new DemoCatalog(), DemoCatalog.INDEX),
                SqlErrorCode.NO_DATABASE);
        assertError(() -> plan("DELETE FROM Object"), SqlErrorCode.NOT_A_SELECT);
        assertError(() -> plan("CREATE TABLE x (a INT)"), SqlErrorCode.NOT_A_SELECT, "CREATE");
        assertError(() -> plan("SELECT 1; DROP TABLE Object"), SqlErrorCode.NOT_A_SELECT, "one SELECT");
        assertError(() -> plan("SELEC 1"), SqlErrorCode.SYNTAX_ERROR, "line 1, column 1");
        assertError(() -> plan("SELECT FROM WHERE"), SqlErrorCode.SYNTAX_ERROR, "line 1");
    }

    @Test
    void aggregatesSplitIntoPartialsAndOrderLimitPushDown() {
        DistributedPlan p = distributed("SELECT band, AVG(psfFlux) FROM Source GROUP BY band HAVING COUNT(*) > 3");
        assertThat(p.chunkSqlTemplate()).contains("SUM(\"Source\".\"psfFlux\")").contains("COUNT(\"Source\".\"psfFlux\")")
                .contains("COUNT(*)").contains("GROUP BY \"Source\".\"band\"");
        assertThat(p.mergeSql()).contains("HAVING").contains("NULLIF").contains("GROUP BY \"partials\".\"c0\"");
        DistributedPlan top = distributed("SELECT objectId FROM Object ORDER BY g_psfFlux DESC LIMIT 10, 5");
        assertThat(top.chunkSqlTemplate()).contains("ORDER BY 2 DESC NULLS LAST").contains("LIMIT 15");
        assertThat(top.mergeSql()).contains("NULLS LAST").contains("LIMIT 5").contains("OFFSET 10");
    }

    @Test
    void minAndMaxOfTextPickByTheCollationWeights() {
        DistributedPlan p = distributed("SELECT MIN(band), MAX(band), MIN(psfFlux) FROM Source");
        assertThat(p.chunkSqlTemplate()).containsIgnoringCase("MIN(_mysql_ci_pair(\"Source\".\"band\"))")
                .containsIgnoringCase("MAX(_mysql_ci_pair(\"Source\".\"band\"))").contains("MIN(\"Source\".\"psfFlux\")");
        assertThat(p.mergeSql()).containsIgnoringCase("_mysql_ci_value(MIN(").containsIgnoringCase("_mysql_ci_value(MAX(");
        assertThat(p.columnNames()).containsExactly("MIN(band)", "MAX(band)", "MIN(psfFlux)");
    }

    @Test
    void limitWithoutOrderByOnADirectorTakesTheSmallestKeys() {
        DistributedPlan p = distributed("SELECT g_psfFlux FROM Object WHERE g_psfFlux > 0 LIMIT 3");
        assertThat(p.chunkSqlTemplate()).contains("ORDER BY 2 NULLS FIRST").contains("LIMIT 3").contains("\"Object\".\"objectId\"");
        assertThat(p.mergeSql()).contains("ORDER BY").contains("LIMIT 3");
        assertThat(p.columnNames()).containsExactly("g_psfFlux");
        // Not where the rows are already decided otherwise: an ORDER BY, aggregates, DISTINCT, a join.
        assertThat(distributed("SELECT g_psfFlux FROM Object ORDER BY g_psfFlux LIMIT 3").chunkSqlTemplate())
                .doesNotContain("objectId");
        assertThat(distributed("SELECT DISTINCT g_psfFlux FROM Object LIMIT 3").chunkSqlTemplate()).doesNotContain("ORDER BY");
        assertThat(distributed("SELECT band, COUNT(*) FROM Source GROUP BY band LIMIT 3").chunkSqlTemplate())
                .doesNotContain("ORDER BY");
        assertThat(distributed("SELECT g_psfFlux FROM Object").chunkSqlTemplate()).doesNotContain("ORDER BY");
    }

    /** MySQL's default collations ignore case (and trailing spaces) in text comparisons and LIKE; binary strings do not. */
    @Test
    void textComparesAsUnderMySqlsCaseInsensitiveCollation() {
        String like = distributed("SELECT objectId FROM Object o JOIN `Filter` f ON f.band = o.objectId WHERE f.filterName LIKE 'G%' "
                + "AND f.filterName NOT LIKE 'x_'").chunkSqlTemplate();
        assertThat(like).contains("ILIKE 'G%'").contains("NOT ILIKE 'x_'");
        String binary = distributed("SELECT objectId FROM Object o JOIN `Filter` f ON f.band = o.objectId "
                + "WHERE CAST(f.filterName AS `BINARY`) LIKE 'G%'").chunkSqlTemplate();
        assertThat(binary).contains("\"f\".\"filterName\" LIKE 'G%'").doesNotContain("ILIKE");
        String eq = distributed("SELECT position FROM Visit WHERE result = 'ok ' AND result IN ('a', 'B') "
                + "AND result BETWEEN 'a' AND 'z'").chunkSqlTemplate();
        assertThat(eq).contains("UPPER(RTRIM(\"Visit\".\"result\")) = 'OK'")
                .contains("UPPER(RTRIM(\"Visit\".\"result\")) IN ('A', 'B')")
                .contains("UPPER(RTRIM(\"Visit\".\"result\")) BETWEEN 'A' AND 'Z'");
        assertThat(distributed("SELECT position FROM Visit WHERE result = CAST('Ok' AS `BINARY`)").chunkSqlTemplate())
                .contains("\"Visit\".\"result\" = 'Ok'");
        assertThat(distributed("SELECT v.position FROM Visit v JOIN `Filter` f ON f.filterName = v.result").chunkSqlTemplate())
                .contains("ON UPPER(RTRIM(\"f\".\"filterName\")) = UPPER(RTRIM(\"v\".\"result\"))");
    }

    @Test
    void mysqlStringSyntax() {
        assertThat(distributed("SELECT position FROM Visit WHERE result = NAME_CONST('r', _latin1'ok' COLLATE 'latin1_swedish_ci')")
                .chunkSqlTemplate()).contains("UPPER(RTRIM(\"Visit\".\"result\")) = 'OK'");
        assertThat(distributed("SELECT position FROM Visit WHERE result = 'ok' COLLATE utf8mb4_general_ci").chunkSqlTemplate())
                .contains("UPPER(RTRIM(\"Visit\".\"result\")) = 'OK'");
        assertError(() -> plan("SELECT position FROM Visit WHERE result = 'ok' COLLATE latin1_bin"), SqlErrorCode.UNSUPPORTED,
                "COLLATE latin1_bin", "line 1, column 48", "CAST(x AS BINARY)");
    }

    @Test
    void indexHintsAreIgnored() {
        assertThat(distributed("SELECT position FROM Visit v USE INDEX () WHERE v.size > 1").chunkSqlTemplate())
                .isEqualTo(distributed("SELECT position FROM Visit v WHERE v.size > 1").chunkSqlTemplate());
        assertThat(distributed("SELECT position FROM Visit AS v FORCE KEY FOR ORDER BY (a, `b`) WHERE v.size > 1")
                .chunkSqlTemplate()).isEqualTo(distributed("SELECT position FROM Visit v WHERE v.size > 1").chunkSqlTemplate());
        assertThat(distributed("SELECT SQL_NO_CACHE HIGH_PRIORITY position FROM Visit v WHERE v.size > 1").chunkSqlTemplate())
                .isEqualTo(distributed("SELECT position FROM Visit v WHERE v.size > 1").chunkSqlTemplate());
        assertThat(distributed("SELECT s.sourceId FROM Object o STRAIGHT_JOIN Source s ON s.objectId = o.objectId").chunkSqlTemplate())
                .isEqualTo(distributed("SELECT s.sourceId FROM Object o JOIN Source s ON s.objectId = o.objectId").chunkSqlTemplate());
    }

    @Test
    void wordsReservedOnlyByCalciteAreIdentifiers() {
        assertThat(distributed("SELECT value + 1, year AS y, f.band FROM Visit JOIN Filter f ON f.band = Visit.filter")
                .columnNames()).containsExactly("value + 1", "y", "band");
        DistributedPlan p = distributed("SELECT position, size FROM Visit WHERE 'year' = result -- value");
        assertThat(p.chunkSqlTemplate()).contains("\"Visit\".\"position\"").contains("'YEAR' = UPPER(RTRIM(\"Visit\".\"result\"))");
        assertThat(distributed("SELECT * FROM Filter").columnNames()).containsExactly("band", "filterName", "effWavelength");
        // A word after a period is always an identifier, even when MySQL reserves it.
        assertError(() -> plan("SELECT v.dec FROM Visit v"), SqlErrorCode.UNKNOWN_COLUMN, "v.dec", "line 1, column 8");
    }

    @Test
    void errorPositionsReferToTheUsersText() {
        // `value` and `year` are widened to backticked identifiers before Calcite sees them.
        assertError(() -> plan("SELECT value, year, nope FROM Visit"), SqlErrorCode.UNKNOWN_COLUMN, "nope",
                "line 1, column 21");
        assertError(() -> plan("SELECT value FROM Visit\nWHERE year = = 1"), SqlErrorCode.SYNTAX_ERROR,
                "at line 2, column 12", "line 2, column 12.");
        assertError(() -> plan("SELECT value, foo(year) FROM Visit"), SqlErrorCode.UNSUPPORTED, "unknown function foo",
                "line 1, column 15");
        // Words MySQL reserves stay reserved, as in MySQL (users backtick them).
        assertError(() -> plan("SELECT value, dec FROM Visit"), SqlErrorCode.SYNTAX_ERROR, "line 1, column 15");
        assertError(() -> plan("SELECT value FROM Visit WHERE range > 1"), SqlErrorCode.SYNTAX_ERROR, "line 1, column 31");
    }

    /** MySQL's result types, where DuckDB's would differ (see FloatWideningPass and ExactArithmeticPass). */
    @Test
    void resultTypesFollowMysql() {
        // FLOAT extremes in arithmetic are doubles; alone, and a choice among FLOAT columns, stay FLOAT
        DistributedPlan spread = distributed("SELECT MAX(r_psfFlux) - MIN(r_psfFlux), MAX(r_psfFlux) FROM Object");
        assertThat(spread.mergeSql()).containsPattern("(?i)CAST\\(MAX\\(.*\\) AS DOUBLE\\) - CAST\\(MIN\\(");
        assertThat(distributed("SELECT IFNULL(r_psfFlux, r_psfFlux) AS c FROM Object").chunkSqlTemplate())
                .containsIgnoringCase("AS FLOAT)");
        // narrow integers are 64-bit in arithmetic
        assertThat(plan("SELECT year * 2 FROM Visit").toString()).containsIgnoringCase("CAST(\"Visit\".\"year\" AS BIGINT) * 2");
        // FLOOR of an integer quotient is exact and an integer; AVG of an integer expression a DECIMAL
        assertThat(plan("SELECT FLOOR(visitId / 100), CEIL(year / 7) FROM Visit").toString())
                .containsIgnoringCase("_mysql_floor_div(").containsIgnoringCase("_mysql_ceil_div(").containsIgnoringCase("AS BIGINT)");
        assertThat(plan("SELECT AVG(COALESCE(year, -1)), AVG(CASE WHEN year > 2000 THEN 1 ELSE 0 END) FROM Visit").toString())
                .containsIgnoringCase("AS DECIMAL(38, 4)");
        // a DOUBLE average of fixed-decimal values shows MySQL's decimals (4 more)
        assertThat(plan("SELECT AVG(FLOOR(value)) FROM Visit").toString()).containsIgnoringCase("_mysql_fixed_decimals(").contains(", 4)");
        // a column a subquery in FROM passes through keeps its type: AVG of an integer is a DECIMAL there too
        assertThat(plan("SELECT AVG(t.y) FROM (SELECT year AS y FROM Visit) t").toString()).containsIgnoringCase("AS DECIMAL(38, 4)");
        // a subquery's computed FLOAT choice is a FLOAT expression outside: its MIN is a DOUBLE, a passed-through column's stays FLOAT
        String extremes = plan("SELECT MIN(s.v), MAX(s.f), s.v FROM (SELECT IFNULL(r_psfFlux, r_psfFlux) AS v, r_psfFlux AS f FROM Object) s"
                + " GROUP BY s.v").toString();
        assertThat(extremes).containsPattern("(?i)CAST\\(MIN\\(\"s\"\\.\"v\"\\) AS DOUBLE\\)").doesNotContainPattern("(?i)CAST\\(MAX\\(\"s\"\\.\"f\"\\) AS DOUBLE");
    }

    @Test
    void mysqlOperatorsAndFunctions() {
        LocalPlan local = (LocalPlan) plan("SELECT 7 DIV 2, 7 MOD 2, IF(1 > 0, 'a', 'b'), 'DIV' AS `div`");
        assertThat(local.columnNames()).containsExactly("7 DIV 2", "7 MOD 2", "IF(1 > 0, 'a', 'b')", "div");
        assertThat(local.sql()).contains("//").contains("%").contains("CASE WHEN").contains("'DIV'");
        assertError(() -> plan("SELECT scisql_angSep(1, 2, 3) FROM Object"), SqlErrorCode.INVALID_ARGUMENT,
                "scisql_angSep expects 4 arguments, got 3");
        assertError(() -> plan("SELECT scisql_nope(1)"), SqlErrorCode.UNSUPPORTED, "unknown function scisql_nope");
        assertError(() -> plan("SELECT IFNULL(1, 2, 3)"), SqlErrorCode.INVALID_ARGUMENT, "IFNULL", "expected 2, got 3");
        assertError(() -> plan("SELECT CONCAT_WS(',', 'a')"), SqlErrorCode.UNSUPPORTED, "unknown function CONCAT_WS");
        assertThat(io.skyshard.common.sql.DuckDbFunctions.macroNames()).containsEntry("scisql_angSep", 4)
                .containsEntry("scisql_s2PtInBox", 6).containsEntry("scisql_nanojanskyToAbMag", 1);
    }

    @Test
    void joinUsingMergesTheColumn() {
        assertThat(distributed("SELECT * FROM Object o JOIN Source s USING (objectId)").columnNames()).containsExactly(
                "objectId", "coord_ra", "coord_dec", "g_psfFlux", "r_psfFlux", "refExtendedness",
                "sourceId", "band", "psfFlux");
        DistributedPlan p = distributed("SELECT objectId, s.* FROM Object o JOIN Source s USING (objectId)");
        assertThat(p.columnNames()).containsExactly("objectId", "sourceId", "objectId", "band", "psfFlux");
        assertThat(p.chunkSqlTemplate()).contains("ON \"o\".\"objectId\" = \"s\".\"objectId\"").doesNotContain("USING");
        assertError(() -> plan("SELECT * FROM Object o JOIN Source s USING (chunkId)"), SqlErrorCode.UNSUPPORTED, "director key");
        assertError(() -> plan("SELECT * FROM Object o JOIN Source s USING (band)"), SqlErrorCode.UNKNOWN_COLUMN,
                "Unknown column 'band' in 'from clause'", "line 1, column 45");
        // As in MySQL: two tables on the left both have the column.
        assertError(() -> plan("SELECT * FROM Object o JOIN Source s ON s.objectId = o.objectId JOIN Source t USING (objectId)"),
                SqlErrorCode.AMBIGUOUS_COLUMN, "in from clause is ambiguous");
        assertError(() -> plan("SELECT * FROM Filter f JOIN Visit v USING (band)"), SqlErrorCode.UNKNOWN_COLUMN, "band");
    }

    @Test
    void planningIsStateless() {
        QueryPlan a = plan("SELECT objectId FROM Object WHERE objectId = 3");
        QueryPlan b = plan("SELECT objectId FROM Object WHERE objectId = 3");
        assertThat(a).usingRecursiveComparison().isEqualTo(b);
    }
}
