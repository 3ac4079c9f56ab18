package io.skyshard.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.QueryPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each plan on DuckDB chunk tables (chunk query per chunk into partials, then the merge query)
 * and compares with the query run on whole tables, both chunk by chunk and with the worker's UNION
 * ALL batching over {@code unionTable}.
 */
class TestDifferential {
    private static DuckDbHarness duck;
    private static final QueryPlanner PLANNER = new QueryPlanner((p, region) -> DemoCatalog.CHUNKS.clone());

    @BeforeAll
    static void setUp() throws Exception {
        duck = new DuckDbHarness();
    }

    @AfterAll
    static void tearDown() throws Exception {
        duck.close();
    }

    enum Mode { ORDERED, UNORDERED, COUNT_ONLY }

    static Stream<Arguments> queries() {
        List<Arguments> a = new ArrayList<>();
        // projections and filters
        a.add(q("SELECT objectId, coord_ra, coord_dec FROM Object WHERE g_psfFlux > 30"));
        // SELECT * lists the catalog columns, not chunkId/subChunkId (the reference tables have them)
        a.add(q("SELECT * FROM Object", "SELECT objectId, coord_ra, coord_dec, g_psfFlux, r_psfFlux, refExtendedness FROM Object", Mode.UNORDERED));
        a.add(q("SELECT * FROM Source WHERE band = 'r'", "SELECT sourceId, objectId, band, psfFlux FROM Source WHERE band = 'r'",
                Mode.UNORDERED));
        a.add(q("SELECT * FROM `Filter`"));
        a.add(q("SELECT o.objectId, o.g_psfFlux * 2 + 1 AS f2, -o.coord_dec FROM Object o WHERE o.refExtendedness IS NULL"));
        a.add(q("SELECT objectId, CASE WHEN g_psfFlux > 20 THEN 'bright' ELSE 'faint' END AS cls FROM Object"));
        a.add(q("SELECT objectId, CAST(r_psfFlux AS DOUBLE) / 3, r_psfFlux % 7 FROM Object WHERE objectId BETWEEN 10 AND 40"));
        a.add(q("SELECT objectId FROM demo.Object WHERE coord_ra < 50 AND (coord_dec > 0 OR g_psfFlux IS NULL)"));
        a.add(q("SELECT `objectId`, demo.Object.coord_ra FROM `demo`.`Object` WHERE objectid NOT IN (1, 2, 3)"));
        a.add(q("SELECT objectId, chunkId, subChunkId FROM Object WHERE chunkId = 101"));
        a.add(q("SELECT sourceId, upper(band), lower('ABC'), abs(psfFlux - 10), sqrt(psfFlux) FROM Source WHERE band LIKE 'g%'"));
        // MySQL log() is the natural logarithm; DuckDB's log() is base 10, so the reference says ln().
        a.add(q("SELECT objectId, log(g_psfFlux + 1), pow(r_psfFlux, 2), round(coord_ra, 2), ifnull(refExtendedness, -1) FROM Object",
                "SELECT objectId, ln(g_psfFlux + 1), pow(r_psfFlux, 2), round(coord_ra, 2), ifnull(refExtendedness, -1) FROM Object",
                Mode.UNORDERED));
        a.add(q("SELECT objectId, concat(cast(objectId AS VARCHAR), '-x') FROM Object WHERE objectId < 20"));
        a.add(q("SELECT objectId, degrees(radians(coord_ra)), sin(radians(coord_dec)) FROM Object WHERE objectId < 30"));
        // ORDER BY / LIMIT
        a.add(q("SELECT objectId, g_psfFlux FROM Object ORDER BY g_psfFlux DESC, objectId LIMIT 7", Mode.ORDERED));
        a.add(q("SELECT objectId, g_psfFlux FROM Object ORDER BY g_psfFlux, objectId LIMIT 12", Mode.ORDERED));
        a.add(q("SELECT objectId AS id, refExtendedness AS e FROM Object ORDER BY e, id DESC", Mode.ORDERED));
        a.add(q("SELECT objectId, coord_ra FROM Object ORDER BY 2 DESC, 1 LIMIT 3, 5",
                "SELECT objectId, coord_ra FROM Object ORDER BY 2 DESC, 1 LIMIT 5 OFFSET 3", Mode.ORDERED));
        a.add(q("SELECT objectId FROM Object ORDER BY coord_dec * 2, objectId LIMIT 10", Mode.ORDERED));
        a.add(q("SELECT objectId FROM Object WHERE g_psfFlux > 10 LIMIT 5", Mode.COUNT_ONLY));
        a.add(q("SELECT sourceId, psfFlux FROM Source ORDER BY psfFlux DESC NULLS FIRST, sourceId LIMIT 9", Mode.ORDERED));
        // DISTINCT
        a.add(q("SELECT DISTINCT band FROM Source"));
        a.add(q("SELECT DISTINCT band, objectId % 3 FROM Source ORDER BY band, 2", Mode.ORDERED));
        a.add(q("SELECT DISTINCT refExtendedness FROM Object ORDER BY refExtendedness DESC LIMIT 2", Mode.ORDERED));
        // aggregates
        a.add(q("SELECT COUNT(*) FROM Object"));
        a.add(q("SELECT COUNT(*), COUNT(g_psfFlux), SUM(g_psfFlux), AVG(g_psfFlux), MIN(coord_ra), MAX(coord_dec) FROM Object"));
        a.add(q("SELECT COUNT(*), SUM(g_psfFlux), AVG(g_psfFlux), MIN(g_psfFlux) FROM Object WHERE objectId > 100000"));
        a.add(q("SELECT AVG(r_psfFlux), SUM(r_psfFlux), AVG(objectId), SUM(objectId) FROM Object"));
        a.add(q("SELECT band, COUNT(*) AS n, AVG(psfFlux) FROM Source GROUP BY band"));
        a.add(q("SELECT band, COUNT(*) AS n FROM Source GROUP BY band HAVING n > 60 ORDER BY n DESC", Mode.ORDERED));
        a.add(q("SELECT band, MIN(psfFlux) FROM Source GROUP BY 1 HAVING MAX(psfFlux) > 19 AND COUNT(psfFlux) > 5"));
        a.add(q("SELECT band, SUM(psfFlux) / COUNT(*) AS ratio, MAX(psfFlux) - MIN(psfFlux) FROM Source GROUP BY band ORDER BY ratio", Mode.ORDERED));
        a.add(q("SELECT refExtendedness, COUNT(*) FROM Object GROUP BY refExtendedness ORDER BY refExtendedness", Mode.ORDERED));
        a.add(q("SELECT objectId % 5 AS m, COUNT(*) + 1 FROM Object GROUP BY objectId % 5 ORDER BY 2 DESC, m LIMIT 3", Mode.ORDERED));
        a.add(q("SELECT chunkId, COUNT(*) FROM Object GROUP BY chunkId"));
        a.add(q("SELECT COUNT(*) FROM Object WHERE g_psfFlux > 10 HAVING COUNT(*) > 1000"));
        a.add(q("SELECT COUNT(DISTINCT band), COUNT(*) FROM Source"));
        a.add(q("SELECT objectId % 4, COUNT(DISTINCT band), SUM(DISTINCT objectId % 3), AVG(psfFlux) FROM Source GROUP BY objectId % 4"));
        a.add(q("SELECT DISTINCT COUNT(*) FROM Source GROUP BY objectId"));
        a.add(q("SELECT MAX(objectId) FROM Object ORDER BY MAX(objectId)"));
        // joins
        a.add(q("SELECT s.sourceId, o.coord_ra FROM Object o JOIN Source s ON s.objectId = o.objectId WHERE o.g_psfFlux > 40"));
        a.add(q("SELECT o.objectId, COUNT(*) FROM Object o, Source s WHERE o.objectId = s.objectId GROUP BY o.objectId"));
        a.add(q("SELECT s.band, f.filterName, COUNT(*) FROM Source s JOIN `Filter` f ON f.band = s.band GROUP BY s.band, f.filterName"));
        a.add(q("SELECT Source.sourceId, `Filter`.effWavelength FROM Source, `Filter` WHERE Source.band = `Filter`.band AND Source.objectId < 10"));
        a.add(q("SELECT o.objectId, s.sourceId FROM Object o LEFT JOIN Source s ON s.objectId = o.objectId AND s.band = 'u'"));
        // MySQL's JOIN without ON or USING is a cross join, joined by WHERE
        a.add(q("SELECT s.sourceId, f.filterName FROM Source s JOIN `Filter` f INNER JOIN Object o WHERE s.band = f.band"
                + " AND o.objectId = s.objectId AND o.g_psfFlux > 40",
                "SELECT s.sourceId, f.filterName FROM Source s, Filter f, Object o WHERE s.band = f.band"
                        + " AND o.objectId = s.objectId AND o.g_psfFlux > 40", Mode.UNORDERED));
        // BIT_AND/OR/XOR: over unsigned 64-bit values, combined from the chunks' partials; never NULL
        // (no rows: every bit set for BIT_AND, 0 for the others)
        a.add(q("SELECT BIT_OR(objectId), BIT_AND(objectId | 1024), BIT_XOR(objectId - 100) FROM Object",
                "SELECT bit_or(objectId::UBIGINT), bit_and((objectId | 1024)::UBIGINT),"
                        + " bit_xor(CAST(CAST(objectId - 100 AS HUGEINT) + CASE WHEN objectId < 100 THEN 18446744073709551616 ELSE 0 END AS UBIGINT))"
                        + " FROM Object", Mode.UNORDERED));
        a.add(q("SELECT band, BIT_XOR(sourceId), BIT_OR(sourceId & 255) FROM Source GROUP BY band",
                "SELECT band, bit_xor(sourceId::UBIGINT), bit_or((sourceId & 255)::UBIGINT) FROM Source GROUP BY band", Mode.UNORDERED));
        a.add(q("SELECT BIT_AND(objectId), BIT_OR(objectId), BIT_XOR(objectId) FROM Object WHERE objectId < 0",
                "SELECT 18446744073709551615::UBIGINT, 0::UBIGINT, 0::UBIGINT", Mode.UNORDERED));
        // MariaDB sorts a grouped result by its keys when no ORDER BY is given: that decides what LIMIT keeps
        a.add(q("SELECT band, COUNT(*) FROM Source GROUP BY band LIMIT 2",
                "SELECT band, COUNT(*) FROM Source GROUP BY band ORDER BY band NULLS FIRST LIMIT 2", Mode.ORDERED));
        a.add(q("SELECT f.band, f.effWavelength FROM `Filter` f WHERE f.effWavelength > 500 ORDER BY f.band", Mode.ORDERED));
        // director key
        a.add(q("SELECT * FROM Object WHERE objectId = 42", "SELECT objectId, coord_ra, coord_dec, g_psfFlux, r_psfFlux, refExtendedness FROM Object WHERE objectId = 42", Mode.UNORDERED));
        a.add(q("SELECT sourceId, psfFlux FROM Source WHERE objectId IN (5, 6, 7, 999)"));
        a.add(q("SELECT COUNT(*), SUM(psfFlux) FROM Source WHERE objectId = 100000"));
        // spatial restrictors (reference uses the exact predicate)
        a.add(q("SELECT objectId FROM Object WHERE qserv_areaspec_box(10, -30, 120, 40) AND g_psfFlux > 5",
                "SELECT objectId FROM Object WHERE scisql_s2PtInBox(coord_ra, coord_dec, 10, -30, 120, 40) = 1 AND g_psfFlux > 5",
                Mode.UNORDERED));
        a.add(q("SELECT COUNT(*) FROM Object o JOIN Source s ON s.objectId = o.objectId WHERE QSERV_AREASPEC_CIRCLE(100, 0, 60) = 1",
                "SELECT COUNT(*) FROM Object o JOIN Source s ON s.objectId = o.objectId WHERE scisql_s2PtInCircle(o.coord_ra, o.coord_dec, 100, 0, 60) = 1",
                Mode.UNORDERED));
        a.add(q("SELECT objectId, coord_ra FROM Object WHERE qserv_areaspec_box(350, -90, 20, 90) ORDER BY coord_ra LIMIT 4",
                "SELECT objectId, coord_ra FROM Object WHERE scisql_s2PtInBox(coord_ra, coord_dec, 350, -90, 20, 90) = 1 ORDER BY coord_ra LIMIT 4",
                Mode.ORDERED));
        // no table
        a.add(q("SELECT 1 + 1, 7 / 2, 'x' AS s"));
        // words Calcite reserves but MySQL does not, as table and column names (reference quotes them for DuckDB)
        a.add(q("SELECT band FROM Filter", "SELECT band FROM \"Filter\"", Mode.UNORDERED));
        a.add(q("SELECT f.band FROM Source s JOIN Filter f ON s.band = f.band",
                "SELECT f.band FROM Source s JOIN \"Filter\" f ON s.band = f.band", Mode.UNORDERED));
        a.add(q("SELECT o.objectId, Filter.effWavelength FROM Object o JOIN Source s ON s.objectId = o.objectId "
                + "JOIN Filter ON Filter.band = s.band WHERE o.objectId < 40",
                "SELECT o.objectId, \"Filter\".effWavelength FROM Object o JOIN Source s ON s.objectId = o.objectId "
                + "JOIN \"Filter\" ON \"Filter\".band = s.band WHERE o.objectId < 40", Mode.UNORDERED));
        a.add(q("SELECT visitId, value, year, month, hour, second, position, size, result, filter FROM Visit WHERE value > 2",
                "SELECT visitId, \"value\", \"year\", \"month\", \"hour\", \"second\", \"position\", \"size\", "
                + "\"result\", \"filter\" FROM Visit WHERE \"value\" > 2", Mode.UNORDERED));
        a.add(q("SELECT v.year, COUNT(*) AS value, SUM(v.value) FROM Visit v GROUP BY v.year ORDER BY v.year DESC",
                "SELECT v.\"year\", COUNT(*), SUM(v.\"value\") FROM Visit v GROUP BY v.\"year\" ORDER BY v.\"year\" DESC",
                Mode.ORDERED));
        a.add(q("SELECT value AS year, 'value # filter' AS s FROM Visit # MySQL comment: year\nWHERE result = 'ok' -- value\n"
                + "  AND /* filter */ size > 1 ORDER BY year LIMIT 3 OFFSET 1",
                "SELECT \"value\", 'value # filter' AS s FROM Visit WHERE \"result\" = 'ok' AND \"size\" > 1 "
                + "ORDER BY \"value\" NULLS FIRST LIMIT 3 OFFSET 1", Mode.ORDERED));
        a.add(q("SELECT COUNT(*) FROM Visit WHERE CASE WHEN filter = 'u' THEN value ELSE 0 END > 1",
                "SELECT COUNT(*) FROM Visit WHERE CASE WHEN \"filter\" = 'u' THEN \"value\" ELSE 0 END > 1", Mode.UNORDERED));
        // JOIN ... USING: the USING column appears once, first, in SELECT * (as in MySQL)
        a.add(q("SELECT * FROM Object o JOIN Source s USING (objectId) WHERE o.objectId < 30",
                "SELECT o.objectId, o.coord_ra, o.coord_dec, o.g_psfFlux, o.r_psfFlux, o.refExtendedness, "
                + "s.sourceId, s.band, s.psfFlux FROM Object o JOIN Source s ON s.objectId = o.objectId "
                + "WHERE o.objectId < 30", Mode.UNORDERED));
        a.add(q("SELECT objectId, COUNT(*), MAX(s.objectId) FROM Object JOIN Source s USING (objectId) GROUP BY objectId",
                "SELECT o.objectId, COUNT(*), MAX(s.objectId) FROM Object o JOIN Source s ON s.objectId = o.objectId GROUP BY o.objectId",
                Mode.UNORDERED));
        a.add(q("SELECT objectId, s.sourceId FROM Object o LEFT JOIN Source s USING (objectId) WHERE objectId < 50 AND o.g_psfFlux > 3",
                "SELECT o.objectId, s.sourceId FROM Object o LEFT JOIN Source s ON s.objectId = o.objectId "
                + "WHERE o.objectId < 50 AND o.g_psfFlux > 3", Mode.UNORDERED));
        a.add(q("SELECT * FROM Source s JOIN Filter f USING (band) WHERE s.objectId < 10",
                "SELECT s.band, s.sourceId, s.objectId, s.psfFlux, f.filterName, f.effWavelength "
                + "FROM Source s JOIN \"Filter\" f ON f.band = s.band WHERE s.objectId < 10", Mode.UNORDERED));
        // sciSQL functions: the production macros are loaded on both sides
        a.add(q("SELECT objectId, scisql_angSep(coord_ra, coord_dec, 10, 20), scisql_nanojanskyToAbMag(g_psfFlux), "
                + "SCISQL_FLUXTOABMAG(g_psfFlux * 1e-29) FROM Object WHERE scisql_angSep(coord_ra, coord_dec, 10, 20) < 90"));
        a.add(q("SELECT band, AVG(scisql_nanojanskyToAbMag(psfFlux)), MIN(scisql_fluxToAbMag(psfFlux)) FROM Source "
                + "WHERE scisql_nanojanskyToAbMag(psfFlux) < 30 GROUP BY band"));
        a.add(q("SELECT objectId, scisql_abMagToNanojansky(scisql_nanojanskyToAbMag(g_psfFlux)), "
                + "scisql_s2PtInCircle(coord_ra, coord_dec, 0, 0, 45) FROM Object WHERE scisql_s2PtInBox(coord_ra, coord_dec, 0, -40, 200, 40) = 1"));
        // MySQL functions and operators; the reference uses DuckDB's own operators on data where they agree
        // with MySQL (non-zero divisors, no NULLs) and an independent formulation where they do not
        a.add(q("SELECT objectId, objectId DIV 7, objectId MOD 7, objectId % 5, MOD(objectId, 3), -objectId DIV 4, objectId DIV 2 * 2 FROM Object",
                "SELECT objectId, objectId // 7, objectId % 7, objectId % 5, objectId % 3, -objectId // 4, objectId // 2 * 2 FROM Object",
                Mode.UNORDERED));
        a.add(q("SELECT objectId, GREATEST(g_psfFlux, r_psfFlux), LEAST(coord_ra, g_psfFlux, 50) FROM Object",
                "SELECT objectId, greatest(g_psfFlux, r_psfFlux), least(coord_ra, g_psfFlux, 50) FROM Object WHERE g_psfFlux IS NOT NULL "
                + "UNION ALL SELECT objectId, NULL, NULL FROM Object WHERE g_psfFlux IS NULL", Mode.UNORDERED));
        a.add(q("SELECT objectId, log(2, g_psfFlux + 1), log2(g_psfFlux + 1), log10(r_psfFlux + 1), sqrt(coord_dec + 90), "
                + "exp(coord_dec / 100), pi() * 2, sign(coord_dec), truncate(coord_ra, 1), if(g_psfFlux > 20, 'b', 'f'), "
                + "nullif(objectId % 3, 0), atan2(coord_dec, coord_ra), acos(coord_dec / 90), ceiling(coord_ra), floor(coord_dec) "
                + "FROM Object WHERE g_psfFlux IS NOT NULL",
                "SELECT objectId, log(2, g_psfFlux + 1), log2(g_psfFlux + 1), log10(r_psfFlux + 1), sqrt(coord_dec + 90), "
                + "exp(coord_dec / 100), pi() * 2, sign(coord_dec), trunc(coord_ra, 1), CASE WHEN g_psfFlux > 20 THEN 'b' ELSE 'f' END, "
                + "nullif(objectId % 3, 0), atan2(coord_dec, coord_ra), acos(coord_dec / 90), ceil(coord_ra), floor(coord_dec) "
                + "FROM Object WHERE g_psfFlux IS NOT NULL", Mode.UNORDERED));
        a.add(q("SELECT sourceId, length(band), char_length(band), substring(band, 1, 1), substring(concat(band, 'xyz'), 2), "
                + "substr(concat(band, 'xyz'), -2, 1), hex(sourceId), upper(band) FROM Source WHERE objectId < 20",
                "SELECT sourceId, strlen(band), length(band), substring(band, 1, 1), substring(band || 'xyz', 2), "
                + "substring(band || 'xyz', -2, 1), hex(sourceId), upper(band) FROM Source WHERE objectId < 20", Mode.UNORDERED));
        a.add(q("SELECT objectId DIV 10 AS bucket, COUNT(*), SUM(g_psfFlux) FROM Object GROUP BY objectId DIV 10 ORDER BY bucket",
                "SELECT objectId // 10 AS bucket, COUNT(*), SUM(g_psfFlux) FROM Object GROUP BY objectId // 10 ORDER BY bucket",
                Mode.ORDERED));
        return a.stream();
    }

    private static Arguments q(String sql) {
        return q(sql, sql.replace("`", ""), Mode.UNORDERED);
    }

    private static Arguments q(String sql, Mode mode) {
        return q(sql, sql.replace("`", ""), mode);
    }

    private static Arguments q(String sql, String reference, Mode mode) {
        return Arguments.of(sql, reference, mode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void distributedEqualsReference(String sql, String referenceSql, Mode mode) throws Exception {
        QueryPlan plan = PLANNER.plan(sql, "demo", new DemoCatalog(), DemoCatalog.INDEX);
        List<List<Object>> expected = duck.runReference(referenceSql);
        List<List<Object>> perChunk = duck.runPlan(plan, false);
        check(plan, mode, perChunk, expected);
        if (plan instanceof DistributedPlan d && d.unionTable() != null) {
            check(plan, mode, duck.runPlan(plan, true), expected);
        }
    }

    private static void check(QueryPlan plan, Mode mode, List<List<Object>> actual, List<List<Object>> expected) {
        String context = plan.toString();
        switch (mode) {
            case ORDERED -> assertThat(actual).as(context).isEqualTo(expected);
            case UNORDERED -> assertThat(sorted(actual)).as(context).isEqualTo(sorted(expected));
            case COUNT_ONLY -> assertThat(actual).as(context).hasSameSizeAs(expected);
        }
        assertThat(expected).as("reference must return rows for the comparison to mean something: " + context)
                .isNotNull();
    }

    private static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(Object::toString).sorted(Comparator.naturalOrder()).toList();
    }
}
