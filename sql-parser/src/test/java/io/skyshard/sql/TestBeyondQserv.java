package io.skyshard.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.LocalPlan;
import io.skyshard.sql.plan.QueryPlan;
import io.skyshard.sql.plan.StagedPlan;
import io.skyshard.sql.plan.SubqueryFirstPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQL that Qserv refuses and Skyshard answers: subqueries in FROM and in expressions, set operations,
 * COUNT(DISTINCT), LIMIT/OFFSET, ORDER BY expressions, HAVING on hidden aggregates. Each is planned,
 * run as the czar runs it (subqueries first, stages, chunk by chunk) and compared with DuckDB over
 * whole tables.
 */
class TestBeyondQserv {
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

    static Stream<Arguments> queries() {
        List<Arguments> a = new ArrayList<>();
        // IN (subquery): values first, then the outer query (through the director index on objectId)
        a.add(q("SELECT objectId, g_psfFlux FROM Object WHERE objectId IN (SELECT objectId FROM Source WHERE psfFlux > 18)"));
        a.add(q("SELECT sourceId FROM Source WHERE objectId IN (SELECT objectId FROM Object WHERE g_psfFlux > 60 OR objectId = 7)"));
        a.add(q("SELECT COUNT(*) FROM Object WHERE g_psfFlux NOT IN (SELECT g_psfFlux FROM Object WHERE objectId < 20)"));
        a.add(q("SELECT COUNT(*) FROM Object WHERE g_psfFlux NOT IN (SELECT g_psfFlux FROM Object WHERE objectId < 20 AND g_psfFlux IS NOT NULL)"));
        a.add(q("SELECT objectId FROM Object WHERE objectId IN (SELECT objectId FROM Source WHERE psfFlux > 1e9)"));
        a.add(q("SELECT COUNT(*) FROM Object WHERE refExtendedness NOT IN (SELECT objectId FROM Source WHERE psfFlux > 1e9)"));
        a.add(q("SELECT band, COUNT(*) FROM Source WHERE band IN (SELECT band FROM `Filter` WHERE effWavelength > 600) GROUP BY band"));
        a.add(q("SELECT objectId FROM Object WHERE objectId IN (SELECT objectId FROM Source WHERE band IN "
                + "(SELECT band FROM `Filter` WHERE effWavelength < 500)) AND r_psfFlux > 20"));
        a.add(q("SELECT objectId FROM Object WHERE r_psfFlux IN (SELECT r_psfFlux FROM Object WHERE objectId BETWEEN 3 AND 9)"));
        a.add(q("SELECT objectId FROM Object WHERE objectId IN (SELECT objectId FROM Source GROUP BY objectId HAVING COUNT(*) >= 4) "
                + "OR objectId IN (SELECT objectId FROM Object ORDER BY g_psfFlux DESC, objectId LIMIT 3)"));
        // scalar subqueries and EXISTS
        a.add(q("SELECT objectId FROM Object WHERE g_psfFlux > (SELECT AVG(g_psfFlux) FROM Object)"));
        a.add(q("SELECT band, COUNT(*) - (SELECT COUNT(*) FROM `Filter`) AS d FROM Source GROUP BY band"));
        a.add(q("SELECT objectId FROM Object WHERE g_psfFlux > (SELECT MAX(g_psfFlux) FROM Object WHERE objectId < 0)"));
        a.add(q("SELECT band, COUNT(*) FROM Source GROUP BY band HAVING COUNT(*) > (SELECT COUNT(*) / 7 FROM Source)"));
        a.add(q("SELECT (SELECT MIN(effWavelength) FROM `Filter`) AS m, COUNT(*) FROM Object"));
        a.add(q("SELECT COUNT(*) FROM Object WHERE EXISTS (SELECT * FROM Source WHERE psfFlux > 19)"));
        a.add(q("SELECT COUNT(*) FROM Object WHERE NOT EXISTS (SELECT * FROM Source WHERE psfFlux > 1e9) AND objectId < 50"));
        // subqueries in FROM: inner part distributed, outer part at the czar
        a.add(q("SELECT b, COUNT(*) AS n FROM (SELECT FLOOR(coord_ra / 30) AS b FROM Object WHERE g_psfFlux > 10) t GROUP BY b"));
        a.add(q("SELECT AVG(n), MAX(n) FROM (SELECT objectId, COUNT(*) AS n FROM Source GROUP BY objectId) AS perObject"));
        a.add(q("SELECT f.filterName, t.n FROM (SELECT band, COUNT(*) AS n FROM Source GROUP BY band) t JOIN `Filter` f ON f.band = t.band"));
        a.add(q("SELECT a.band, a.n, b.m FROM (SELECT band, COUNT(*) AS n FROM Source GROUP BY band) a "
                + "JOIN (SELECT band, MAX(psfFlux) AS m FROM Source WHERE psfFlux IS NOT NULL GROUP BY band) b USING (band)"));
        a.add(q("SELECT * FROM (SELECT objectId, g_psfFlux FROM Object ORDER BY g_psfFlux DESC, objectId LIMIT 5) t ORDER BY objectId",
                Mode.ORDERED));
        a.add(q("SELECT x, y FROM (SELECT objectId, refExtendedness FROM Object WHERE objectId < 30) AS t(x, y) WHERE y IS NULL"));
        a.add(q("SELECT COUNT(*) FROM (SELECT DISTINCT band FROM Source) t"));
        a.add(q("SELECT * FROM (SELECT objectId FROM Object WHERE objectId < 4 UNION ALL SELECT objectId FROM Source WHERE sourceId < 40) u"));
        a.add(q("SELECT m FROM (SELECT MAX(objectId) AS m FROM (SELECT objectId FROM Source WHERE psfFlux > 10) i) o"));
        a.add(q("SELECT t.objectId FROM (SELECT objectId FROM Object WHERE g_psfFlux > 50) t "
                + "WHERE t.objectId IN (SELECT objectId FROM Source WHERE band = 'g')"));
        // a subquery in FROM joined with a partitioned table on an equality: its rows fetched by their values
        a.add(q("SELECT o.objectId, o.g_psfFlux, s.n FROM Object o JOIN (SELECT objectId, COUNT(*) AS n FROM Source GROUP BY objectId) s "
                + "ON s.objectId = o.objectId WHERE s.n > 2"));
        a.add(q("SELECT objectId, n, r_psfFlux FROM (SELECT objectId, COUNT(*) AS n FROM Source WHERE psfFlux > 15 GROUP BY objectId) s "
                + "JOIN Object USING (objectId)"));
        a.add(q("WITH s AS (SELECT objectId, MAX(psfFlux) AS m FROM Source GROUP BY objectId) "
                + "SELECT o.objectId, s.m, o.chunkId FROM s, Object o WHERE o.objectId = s.objectId AND s.m > o.g_psfFlux"));
        a.add(q("SELECT t.objectId, o.g_psfFlux FROM (SELECT objectId FROM Source WHERE psfFlux > 19) t LEFT JOIN Object o ON o.objectId = t.objectId"));
        a.add(q("SELECT s.sourceId, t.band FROM (SELECT band FROM `Filter` WHERE effWavelength > 600) t JOIN Source s ON s.band = t.band "
                + "WHERE s.objectId < 60"));
        // common table expressions: each reference planned like a subquery in FROM
        a.add(q("WITH t AS (SELECT band, COUNT(*) AS n FROM Source GROUP BY band) SELECT * FROM t WHERE n > 100"));
        a.add(q("WITH a AS (SELECT objectId FROM Object WHERE g_psfFlux > 50), b AS (SELECT objectId FROM a WHERE objectId % 2 = 0) "
                + "SELECT COUNT(*) FROM b"));
        a.add(q("WITH t AS (SELECT band, COUNT(*) AS n FROM Source GROUP BY band) SELECT x.band, y.n FROM t x JOIN t y ON x.band = y.band"));
        a.add(q("WITH t AS (SELECT objectId FROM Source WHERE psfFlux > 18) SELECT objectId FROM Object WHERE objectId IN (SELECT objectId FROM t)"));
        a.add(q("WITH t(b, n) AS (SELECT band, COUNT(*) FROM Source GROUP BY band) SELECT b FROM t ORDER BY n DESC, b", Mode.ORDERED));
        a.add(q("WITH Object AS (SELECT 7 AS objectId) SELECT * FROM Object"));
        a.add(q("WITH t AS (SELECT objectId DIV 10 AS b, COUNT(*) AS n FROM Object GROUP BY objectId DIV 10) "
                + "SELECT x.b, y.n FROM t x JOIN t y ON x.b = y.b",
                "WITH t AS (SELECT objectId // 10 AS b, COUNT(*) AS n FROM Object GROUP BY objectId // 10) "
                + "SELECT x.b, y.n FROM t x JOIN t y ON x.b = y.b", Mode.UNORDERED));
        // set operations: each branch its own plan
        a.add(q("SELECT objectId FROM Object WHERE objectId < 5 UNION ALL SELECT objectId FROM Source WHERE sourceId < 40"));
        a.add(q("SELECT band FROM Source UNION SELECT band FROM `Filter` ORDER BY band DESC LIMIT 3", Mode.ORDERED));
        a.add(q("SELECT band, COUNT(*) AS n FROM Source GROUP BY band UNION ALL SELECT band, 0 FROM `Filter` ORDER BY n, band", Mode.ORDERED));
        a.add(q("(SELECT objectId FROM Object ORDER BY g_psfFlux DESC, objectId LIMIT 3) UNION ALL "
                + "(SELECT objectId FROM Object ORDER BY objectId LIMIT 2)"));
        a.add(q("SELECT objectId % 5 FROM Object INTERSECT SELECT objectId FROM Source WHERE objectId < 4"));
        a.add(q("SELECT band FROM `Filter` EXCEPT SELECT band FROM Source WHERE psfFlux > 19"));
        a.add(q("SELECT objectId FROM Object WHERE objectId < 3 UNION ALL SELECT objectId FROM Object WHERE objectId > 198 "
                + "UNION ALL SELECT 1000 ORDER BY 1 DESC LIMIT 2 OFFSET 1", Mode.ORDERED));
        a.add(q("SELECT refExtendedness FROM Object WHERE objectId < 12 UNION SELECT NULL ORDER BY refExtendedness", Mode.ORDERED));
        // COUNT(DISTINCT), LIMIT/OFFSET, ORDER BY expressions, HAVING on aggregates not selected
        a.add(q("SELECT COUNT(DISTINCT band), COUNT(DISTINCT objectId), COUNT(*) FROM Source"));
        a.add(q("SELECT objectId % 3 AS k, COUNT(DISTINCT band) FROM Source GROUP BY objectId % 3 ORDER BY k", Mode.ORDERED));
        a.add(q("SELECT COUNT(DISTINCT refExtendedness) FROM Object WHERE objectId > 1000"));
        a.add(q("SELECT objectId FROM Object ORDER BY objectId LIMIT 5 OFFSET 190", Mode.ORDERED));
        a.add(q("SELECT objectId FROM Object ORDER BY objectId LIMIT 190, 5",
                "SELECT objectId FROM Object ORDER BY objectId LIMIT 5 OFFSET 190", Mode.ORDERED));
        a.add(q("SELECT band, COUNT(*) FROM Source GROUP BY band ORDER BY COUNT(*) * -1, band", Mode.ORDERED));
        a.add(q("SELECT objectId, g_psfFlux FROM Object WHERE g_psfFlux IS NOT NULL ORDER BY ABS(g_psfFlux - 30), objectId LIMIT 6",
                Mode.ORDERED));
        a.add(q("SELECT band FROM Source GROUP BY band HAVING MIN(psfFlux) < 1 AND COUNT(DISTINCT objectId) > 10"));
        // GROUP BY with ASC/DESC (MySQL 5, MariaDB): sorted by the group keys when there is no ORDER BY
        a.add(q("SELECT band, COUNT(*) FROM Source GROUP BY band DESC",
                "SELECT band, COUNT(*) FROM Source GROUP BY band ORDER BY band DESC", Mode.ORDERED));
        a.add(q("SELECT objectId % 3 AS k, band, COUNT(*) FROM Source GROUP BY objectId % 3 DESC, band",
                "SELECT objectId % 3 AS k, band, COUNT(*) FROM Source GROUP BY objectId % 3, band ORDER BY 1 DESC, 2", Mode.ORDERED));
        a.add(q("SELECT band, COUNT(*) AS n FROM Source GROUP BY 1 ASC ORDER BY n DESC, band",
                "SELECT band, COUNT(*) AS n FROM Source GROUP BY 1 ORDER BY n DESC, band", Mode.ORDERED));
        a.add(q("SELECT * FROM (SELECT band, COUNT(*) AS n FROM Source GROUP BY band DESC LIMIT 2) t",
                "SELECT * FROM (SELECT band, COUNT(*) AS n FROM Source GROUP BY band ORDER BY band DESC LIMIT 2) t", Mode.UNORDERED));
        a.add(q("SELECT refExtendedness, COUNT(*) FROM Object GROUP BY refExtendedness DESC",
                "SELECT refExtendedness, COUNT(*) FROM Object GROUP BY refExtendedness ORDER BY refExtendedness DESC NULLS LAST",
                Mode.ORDERED));
        return a.stream();
    }

    enum Mode { ORDERED, UNORDERED }

    private static Arguments q(String sql) {
        return q(sql, Mode.UNORDERED);
    }

    private static Arguments q(String sql, Mode mode) {
        return q(sql, sql.replace("`", "\""), mode);
    }

    private static Arguments q(String sql, String reference, Mode mode) {
        return Arguments.of(sql, reference, mode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void sameAnswerAsWholeTables(String sql, String reference, Mode mode) throws Exception {
        List<List<Object>> expected = duck.runReference(reference);
        for (boolean union : new boolean[] {false, true}) {
            List<List<Object>> actual = duck.run(PLANNER, sql, "demo", new DemoCatalog(), DemoCatalog.INDEX, union);
            if (mode == Mode.ORDERED) {
                assertThat(actual).isEqualTo(expected);
            } else {
                assertThat(sorted(actual)).isEqualTo(sorted(expected));
            }
        }
    }

    private static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(Object::toString).sorted(Comparator.naturalOrder()).toList();
    }

    private static QueryPlan plan(String sql) {
        return PLANNER.plan(sql, "demo", new DemoCatalog(), DemoCatalog.INDEX);
    }

    @Test
    void inSubqueryIsAnsweredFirstThenItsValuesPruneChunks() {
        QueryPlan first = plan("SELECT * FROM Object WHERE objectId IN (SELECT objectId FROM Source WHERE psfFlux > 19)");
        assertThat(first).isInstanceOfSatisfying(SubqueryFirstPlan.class, f -> {
            assertThat(f.subqueries()).singleElement().satisfies(s -> {
                assertThat(s.kind()).isEqualTo(SubqueryFirstPlan.Kind.IN);
                assertThat(s.plan()).isInstanceOf(DistributedPlan.class);
                assertThat(s.construct()).contains("IN (SELECT ...) at line 1, column");
            });
        });
        SubqueryFirstPlan f = (SubqueryFirstPlan) first;
        QueryPlan second = PLANNER.plan("SELECT * FROM Object WHERE objectId IN (SELECT objectId FROM Source WHERE psfFlux > 19)",
                "demo", new DemoCatalog(), DemoCatalog.INDEX,
                io.skyshard.sql.plan.SubqueryValues.NONE.with(f.subqueries().get(0).key(), List.of(5L, 10L)));
        assertThat(second).isInstanceOfSatisfying(DistributedPlan.class, d -> {
            assertThat(d.chunkSqlTemplate()).contains("IN (5, 10)");
            assertThat(d.chunks()).isInstanceOfSatisfying(io.skyshard.sql.plan.ChunkSelection.Chunks.class,
                    c -> assertThat(c.chunkIds()).containsExactly(DemoCatalog.chunkOf(5), DemoCatalog.chunkOf(10)));
        });
    }

    @Test
    void derivedTablesAndSetOperationsAreStages() {
        QueryPlan p = plan("SELECT b, COUNT(*) FROM (SELECT FLOOR(coord_ra) AS b FROM Object) t GROUP BY b");
        assertThat(p).isInstanceOfSatisfying(StagedPlan.class, s -> {
            assertThat(s.stages()).singleElement().satisfies(st -> assertThat(st.plan()).isInstanceOf(DistributedPlan.class));
            assertThat(s.result()).isInstanceOf(LocalPlan.class);
            assertThat(s.columnNames()).containsExactly("b", "COUNT(*)");
        });
        QueryPlan u = plan("SELECT objectId AS id FROM Object UNION ALL SELECT sourceId FROM Source");
        assertThat(u).isInstanceOfSatisfying(StagedPlan.class, s -> {
            assertThat(s.stages()).hasSize(2);
            assertThat(s.columnNames()).containsExactly("id");
        });
    }

    @Test
    void whatCannotBeAnsweredIsRefusedWithTheConstructAndWhere() {
        refused("SELECT * FROM Object o WHERE EXISTS (SELECT * FROM Source s WHERE s.objectId = o.objectId)",
                SqlErrorCode.UNSUPPORTED, "correlated subquery", "o.objectId");
        refused("SELECT * FROM Object o JOIN (SELECT objectId FROM Source) s ON s.objectId + 1 = o.objectId",
                SqlErrorCode.UNSUPPORTED, "join of a subquery in FROM with partitioned table Object", "not on an equality", "line 1, column 15");
        refused("SELECT * FROM Object o LEFT JOIN (SELECT objectId FROM Source) s ON s.objectId = o.objectId",
                SqlErrorCode.UNSUPPORTED, "outer join that keeps all rows of o");
        refused("SELECT * FROM Object o, Source x, (SELECT objectId FROM Source) s WHERE s.objectId = o.objectId AND x.objectId = o.objectId",
                SqlErrorCode.UNSUPPORTED, "several partitioned tables");
        refused("SELECT * FROM (SELECT objectId, objectId FROM Object) t", SqlErrorCode.INVALID_ARGUMENT, "Duplicate column name 'objectId'");
        refused("SELECT * FROM (SELECT objectId FROM Object)", SqlErrorCode.INVALID_ARGUMENT, "derived table must have its own alias");
        refused("SELECT objectId FROM Object UNION SELECT objectId, band FROM Source", SqlErrorCode.INVALID_ARGUMENT,
                "different number of columns");
        refused("SELECT objectId FROM Object WHERE objectId IN (SELECT objectId, band FROM Source)", SqlErrorCode.INVALID_ARGUMENT,
                "Operand should contain 1 column(s)");
        refused("SELECT objectId FROM Object UNION SELECT objectId FROM Source ORDER BY objectId + 1", SqlErrorCode.UNSUPPORTED,
                "ORDER BY an expression over the result of a set operation");
        refused("SELECT x FROM (SELECT objectId, band FROM Source) AS t(x)", SqlErrorCode.INVALID_ARGUMENT, "column list names 1");
    }

    private static void refused(String sql, SqlErrorCode code, String... fragments) {
        assertThatThrownBy(() -> plan(sql)).isInstanceOfSatisfying(SkyshardException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }
}
