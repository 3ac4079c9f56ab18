package io.skyshard.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.plan.ChunkSelection;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.QueryPlan;
import io.skyshard.sql.plan.StagedPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Joins over real HEALPix chunks with overlap ({@link SkyCatalog}): near-neighbour self-joins and
 * cross-matches, match tables, director-child and three-table joins, each run chunk by chunk and
 * compared with the same query over whole tables; plus the joins that must be refused.
 */
class TestJoins {
    private static SkyCatalog sky;
    private static DuckDbHarness duck;
    private static final QueryPlanner PLANNER = new QueryPlanner();

    @BeforeAll
    static void setUp() throws Exception {
        sky = new SkyCatalog();
        duck = sky.harness();
    }

    @AfterAll
    static void tearDown() throws Exception {
        duck.close();
    }

    private static final String NN = "scisql_angSep(o1.ra, o1.decl, o2.ra, o2.decl)";

    static Stream<String> queries() {
        List<String> q = new ArrayList<>();
        // near-neighbour self-joins: every pair within r exactly once, across chunk corners, ra = 0 and the poles
        q.add("SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE " + NN + " < 0.01");
        q.add("SELECT o1.objectId, o2.objectId, " + NN + " AS d FROM Object o1, Object o2 WHERE " + NN
                + " < 1.0 / 60 AND o1.objectId <> o2.objectId");
        q.add("SELECT COUNT(*) FROM Object o1 JOIN Object o2 ON " + NN + " <= 0.016");
        q.add("SELECT o1.objectId, o2.objectId FROM Object o1 INNER JOIN Object o2 ON 0.004 > " + NN + " WHERE o1.flux > 3 AND o2.flux IS NULL");
        q.add("SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE " + NN + " BETWEEN 0 AND 0.005 AND o1.objectId < o2.objectId");
        q.add("SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE scisql_s2PtInCircle(o1.ra, o1.decl, o2.ra, o2.decl, 0.003) = 1");
        q.add("SELECT o1.objectId, COUNT(*) AS n, MIN(" + NN + ") FROM Object o1, Object o2 WHERE " + NN
                + " < 0.01 AND o1.objectId <> o2.objectId GROUP BY o1.objectId HAVING COUNT(*) > 2");
        q.add("SELECT o1.objectId, o2.objectId FROM Object o1 LEFT JOIN Object o2 ON " + NN + " < 0.002 AND o1.objectId <> o2.objectId");
        q.add("SELECT COUNT(*), COUNT(o2.objectId) FROM Object o2 RIGHT JOIN Object o1 ON " + NN + " < 0.002 AND o1.objectId <> o2.objectId");
        q.add("SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE " + NN + " <= 0");
        q.add("SELECT COUNT(*) FROM Object o1, Object o2 WHERE " + NN + " < 0");
        q.add("SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE " + NN + " < 0.01 AND o2.objectId = 143");
        q.add("SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE " + NN + " < 0.01 AND o1.objectId IN (143, 14, 305)");
        q.add("SELECT o1.objectId, o2.objectId, o3.objectId FROM Object o1, Object o2, Object o3 WHERE " + NN + " < 0.003 AND "
                + "scisql_angSep(o1.ra, o1.decl, o3.ra, o3.decl) < 0.003 AND o1.objectId < o2.objectId AND o2.objectId < o3.objectId "
                // o1 at the chunk corner and across ra = 0; the declination windows spare the reference engine a cubic loop
                + "AND o1.objectId <= 400 "
                + "AND o2.decl BETWEEN o1.decl - 0.003 AND o1.decl + 0.003 AND o3.decl BETWEEN o1.decl - 0.003 AND o1.decl + 0.003");
        // near-neighbour with a child table on the anchor side, and a replicated table
        q.add("SELECT o1.objectId, s.sourceId, o2.objectId FROM Object o1 JOIN Source s ON s.objectId = o1.objectId, Object o2 WHERE "
                + NN + " < 0.005 AND o1.objectId <> o2.objectId");
        q.add("SELECT s.band, COUNT(*) FROM Object o1, Object o2, Source s, Filter f WHERE " + NN + " < 0.005 AND s.objectId = o2.objectId "
                + "AND f.band = s.band GROUP BY s.band");
        // cross-match of two director tables
        q.add("SELECT r.refId, o.objectId FROM RefObject r, Object o WHERE scisql_angSep(r.ra, r.decl, o.ra, o.decl) < 0.01");
        q.add("SELECT r.refId, COUNT(o.objectId) FROM RefObject r LEFT JOIN Object o ON scisql_angSep(o.ra, o.decl, r.ra, r.decl) < 0.004 "
                + "GROUP BY r.refId");
        // a replicated list cross-matched with a partitioned table: any radius, malformed positions included
        q.add("SELECT u.id, o.objectId FROM Upload u, Object o WHERE scisql_angSep(u.ra, u.decl, o.ra, o.decl) < 0.02");
        q.add("SELECT u.id, COUNT(*) FROM Upload u JOIN Object o ON scisql_angSep(o.ra, o.decl, u.ra, u.decl) <= 1.5 GROUP BY u.id");
        q.add("SELECT o.objectId, u.id FROM Object o LEFT JOIN Upload u ON scisql_angSep(u.ra, u.decl, o.ra, o.decl) < 0.01 "
                + "WHERE o.objectId % 3 = 0");
        q.add("SELECT u.id, v.id FROM Upload u, Upload v WHERE scisql_angSep(u.ra, u.decl, v.ra, v.decl) < 0.05");
        q.add("SELECT u.id, v.id FROM Upload u, Upload v WHERE scisql_angSep(u.ra, u.decl, v.ra, v.decl) < 170");
        // match tables: alone (one copy of each row), with one director, with both
        q.add("SELECT refId, objectId, dist FROM RefObjMatch");
        q.add("SELECT COUNT(*), COUNT(refId), COUNT(objectId), SUM(dist) FROM RefObjMatch");
        q.add("SELECT m.refId, m.objectId, f.filterName FROM RefObjMatch m, Filter f WHERE m.dist < 0.002 AND f.band = 'g'");
        q.add("SELECT o.objectId, m.refId, m.dist FROM Object o JOIN RefObjMatch m ON m.objectId = o.objectId");
        q.add("SELECT r.refId, m.objectId FROM RefObjMatch m JOIN RefObject r USING (refId) WHERE r.mag > 20");
        q.add("SELECT r.refId, o.objectId, m.dist, r.mag, o.flux FROM RefObject r JOIN RefObjMatch m ON m.refId = r.refId "
                + "JOIN Object o ON o.objectId = m.objectId");
        q.add("SELECT o.objectId, COUNT(*) FROM Object o, RefObjMatch m, RefObject r, Source s WHERE m.objectId = o.objectId "
                + "AND r.refId = m.refId AND s.objectId = o.objectId GROUP BY o.objectId");
        q.add("SELECT r.refId, o.objectId FROM RefObject r JOIN RefObjMatch m ON m.refId = r.refId JOIN Object o ON o.objectId = m.objectId "
                + "WHERE r.refId = 77");
        // director-child, director self-join on the key, child-child on the key, three tables
        q.add("SELECT o.objectId, s.sourceId, s.flux FROM Object o JOIN Source s ON s.objectId = o.objectId WHERE o.flux > 10");
        q.add("SELECT a.objectId, b.objectId FROM Object a JOIN Object b ON a.objectId = b.objectId WHERE a.flux IS NULL");
        q.add("SELECT s1.sourceId, s2.sourceId FROM Source s1 JOIN Source s2 ON s1.objectId = s2.objectId WHERE s1.sourceId < s2.sourceId");
        q.add("SELECT f.filterName, COUNT(*), AVG(s.flux) FROM Object o JOIN Source s USING (objectId) JOIN Filter f ON f.band = s.band "
                + "GROUP BY f.filterName");
        q.add("SELECT sourceId, flux FROM Source WHERE objectId = 143");
        q.add("SELECT sourceId, flux FROM Source WHERE objectId IN (143, 14, 305, -1)");
        return q.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void sameAnswerAsWholeTables(String sql) throws Exception {
        QueryPlan plan = PLANNER.plan(sql, "sky", sky, sky.index);
        List<String> expected = sorted(duck.runReference(sql));
        assertThat(sorted(duck.runPlan(plan, false))).as(plan.toString()).isEqualTo(expected);
        // and as a worker holding all the chunks reads them: in one statement
        assertThat(sorted(duck.runPlan(plan, true))).as("union mode: " + plan).isEqualTo(expected);
    }

    /**
     * A spatial restriction on the far side of a near-neighbour join alone must not prune the near
     * side's chunks: a small circle inside one chunk, next to a corner, has neighbours in other chunks.
     */
    @Test
    void restrictionOnTheFarSideDoesNotPruneTheNearSide() throws Exception {
        double[] centre = null;
        for (int i = -12; i <= 12 && centre == null; i++) {
            for (int j = -12; j <= 12 && centre == null; j++) {
                double[] c = {SkyCatalog.CORNER[0] + i * 0.003, SkyCatalog.CORNER[1] + j * 0.003};
                if (SkyCatalog.CHUNKER.chunksCovering(new io.skyshard.spatial.region.Circle(c[0], c[1], 0.003)).length == 1
                        && straddles(c)) {
                    centre = c;
                }
            }
        }
        assertThat(centre).as("a circle next to the corner inside one chunk, with neighbours in another").isNotNull();
        int chunk = SkyCatalog.CHUNKER.locate(centre[0], centre[1]).chunkId();
        String at = centre[0] + ", " + centre[1];
        List<String> sqls = List.of(
                "SELECT o1.objectId, o2.objectId, o1.chunkId FROM Object o1, Object o2 WHERE " + NN + " < 0.015 "
                        + "AND scisql_s2PtInCircle(o2.ra, o2.decl, " + at + ", 0.003) = 1",
                "SELECT o1.objectId, o2.objectId, o1.chunkId FROM Object o1 JOIN Object o2 ON " + NN + " < 0.015 "
                        + "WHERE scisql_angSep(o2.ra, o2.decl, " + at + ") < 0.003",
                "SELECT o1.objectId, o2.objectId, o1.chunkId FROM Object o1, Object o2 WHERE " + NN + " < 0.015 "
                        + "AND o2.ra BETWEEN " + (centre[0] - 0.002) + " AND " + (centre[0] + 0.002)
                        + " AND o2.decl BETWEEN " + (centre[1] - 0.002) + " AND " + (centre[1] + 0.002)
                        + " AND scisql_angSep(o2.ra, o2.decl, " + at + ") < 0.003");
        for (String sql : sqls) {
            List<List<Object>> expected = duck.runReference(sql);
            assertThat(expected).as("pairs with the near side in another chunk: " + sql)
                    .anyMatch(row -> !row.get(2).toString().equals(Integer.toString(chunk)));
            QueryPlan plan = PLANNER.plan(sql, "sky", sky, sky.index);
            assertThat(sorted(duck.runPlan(plan, false))).as(sql).isEqualTo(sorted(expected));
            assertThat(sorted(duck.runPlan(plan, true))).as(sql).isEqualTo(sorted(expected));
        }
    }

    /**
     * A Qserv restrictor in a near-neighbour join restricts both o1 and o2, as Qserv's restrictor plugin
     * adds its predicate for every partitioned table of FROM (Qserv's case02 1051_nn and its MySQL form):
     * pairs reaching out of the region are not part of the answer.
     */
    @Test
    void areaRestrictorInANearNeighbourJoinRestrictsEveryDirectorTable() throws Exception {
        double[] c = SkyCatalog.CORNER;
        String box = (c[0] - 0.02) + ", " + (c[1] - 0.02) + ", " + (c[0] + 0.02) + ", " + (c[1] + 0.02);
        String tail = " AND " + NN + " < 0.01 AND o1.objectId <> o2.objectId";
        String both = "scisql_s2PtInBox(o1.ra, o1.decl, " + box + ") = 1 AND scisql_s2PtInBox(o2.ra, o2.decl, " + box + ") = 1";
        // Director keys inside the box: with o2 looked up by key, o1 becomes the side read through the overlap.
        StringBuilder inBox = new StringBuilder();
        for (List<Object> r : duck.runReference("SELECT objectId FROM Object WHERE scisql_s2PtInBox(ra, decl, " + box
                + ") = 1 ORDER BY objectId LIMIT 4")) {
            inBox.append(inBox.length() == 0 ? "" : ", ").append(r.get(0));
        }
        List<String[]> pairs = List.of(
                new String[] {"SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE qserv_areaspec_box(" + box + ")" + tail,
                    "SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE " + both + tail},
                new String[] {"SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE qserv_areaspec_box(" + box + ")" + tail
                        + " AND o2.objectId IN (" + inBox + ")",
                    "SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE " + both + tail
                        + " AND o2.objectId IN (" + inBox + ")"});
        List<List<Object>> reachOut = duck.runReference("SELECT COUNT(*) FROM Object o1, Object o2 WHERE scisql_s2PtInBox(o1.ra, o1.decl, "
                + box + ") = 1" + tail + " AND scisql_s2PtInBox(o2.ra, o2.decl, " + box + ") = 0");
        assertThat(Long.parseLong(reachOut.get(0).get(0).toString())).as("pairs reaching out of the box (excluded)").isPositive();
        for (String[] p : pairs) {
            List<List<Object>> expected = duck.runReference(p[1]);
            assertThat(expected).as(p[1]).isNotEmpty();
            QueryPlan plan = PLANNER.plan(p[0], "sky", sky, sky.index);
            assertThat(sorted(duck.runPlan(plan, false))).as(p[0]).isEqualTo(sorted(expected));
            assertThat(sorted(duck.runPlan(plan, true))).as(p[0]).isEqualTo(sorted(expected));
        }
    }

    /** Whether an object within 0.003 of c has a neighbour within 0.015 in another chunk than c's. */
    private static boolean straddles(double[] c) {
        int chunk = SkyCatalog.CHUNKER.locate(c[0], c[1]).chunkId();
        for (double[] o2 : sky.objects()) {
            if (SkyCatalog.angSep(o2[1], o2[2], c[0], c[1]) < 0.003) {
                for (double[] o1 : sky.objects()) {
                    if (SkyCatalog.angSep(o1[1], o1[2], o2[1], o2[2]) < 0.015
                            && SkyCatalog.CHUNKER.locate(o1[1], o1[2]).chunkId() != chunk) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Guards the fixture: the near-neighbour queries above must see pairs that straddle chunks. */
    @Test
    void pairsStraddleChunks() throws Exception {
        List<List<Object>> rows = duck.runReference("SELECT COUNT(*) FROM Object o1, Object o2 WHERE " + NN
                + " < 0.01 AND o1.chunkId <> o2.chunkId");
        assertThat(((Number) Long.valueOf(rows.get(0).get(0).toString())).longValue()).isGreaterThan(500);
        List<List<Object>> matches = duck.runReference("SELECT COUNT(*) FROM RefObjMatch m JOIN RefObject r USING (refId) "
                + "JOIN Object o ON o.objectId = m.objectId WHERE r.chunkId <> o.chunkId");
        assertThat(Long.parseLong(matches.get(0).get(0).toString())).isGreaterThan(20);
    }

    @Test
    void nearNeighbourJoinIsAHashJoinOnCells() {
        DistributedPlan p = (DistributedPlan) PLANNER.plan("SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE "
                + NN + " < 0.01", "sky", sky, sky.index);
        assertThat(p.chunkSqlTemplate()).contains("\"sky\".\"Object_%CHUNK%\" AS \"o1\"")
                .contains("\"sky\".\"ObjectFullOverlap_%CHUNK%\"")
                .containsIgnoringCase("unnest(skyshard_nn_span(")
                .contains("\"o1\".\"__skyshard_cell_1\" = \"o2\".\"__skyshard_cell_1\"");
        assertThat(p.unionTable()).isEqualTo(io.skyshard.common.catalog.ChunkTables.ALL_CHUNK_TABLES);
    }

    @Test
    void crossMatchWithAReplicatedListIsAHashJoinOnCells() {
        DistributedPlan p = (DistributedPlan) PLANNER.plan("SELECT u.id, o.objectId FROM Upload u, Object o "
                + "WHERE scisql_angSep(u.ra, u.decl, o.ra, o.decl) < 0.5", "sky", sky, sky.index);
        assertThat(p.chunkSqlTemplate()).contains("FROM \"sky\".\"Upload\" AS \"u\" WHERE \"u\".\"ra\" IS NOT NULL")
                .contains("\"o\".\"__skyshard_cell_1\" = \"u\".\"__skyshard_cell_1\"");
        assertThat(p.unionTable()).isEqualTo("\"sky\".\"Object_%CHUNK%\"");
    }

    @Test
    void keyRestrictionOnTheFarSidePicksItAsAnchor() {
        DistributedPlan p = (DistributedPlan) PLANNER.plan("SELECT o1.objectId FROM Object o1, Object o2 WHERE " + NN
                + " < 0.01 AND o2.objectId = 143", "sky", sky, sky.index);
        assertThat(p.chunks()).isInstanceOf(ChunkSelection.Chunks.class);
        assertThat(((ChunkSelection.Chunks) p.chunks()).chunkIds()).hasSize(1);
        assertThat(p.chunkSqlTemplate()).contains("\"sky\".\"Object_%CHUNK%\" AS \"o2\"");
    }

    /**
     * Joins whose rows can lie in different chunks (a radius beyond the overlap, a join not on the
     * director key) are answered at the czar over gathered tables (limited stages), with the answer of
     * the unpartitioned reference; conditions on one table are pushed into its gathered subquery.
     */
    @Test
    void joinsThatCannotRunChunkByChunkAreGatheredAtTheCzar() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"SELECT COUNT(*) FROM Object o1, Object o2 WHERE " + NN + " < 0.02",
                    "radius 0.02 deg, more than the overlap of database sky (0.0166"},
                new String[] {"SELECT o1.objectId, o2.objectId FROM Object o1 JOIN Object o2 ON " + NN + " < 1 WHERE o1.objectId IN (3, 14)",
                    "more than the overlap"},
                new String[] {"SELECT COUNT(*) FROM Object o1, Object o2 WHERE o1.flux = o2.flux", "cannot be answered chunk by chunk"},
                new String[] {"SELECT COUNT(*) FROM Object o, Source s WHERE s.sourceId = o.objectId", "cannot be answered chunk by chunk"},
                new String[] {"SELECT o1.ra, o2.ra FROM Object o1, Object o2 WHERE o1.objectId = 3 AND o2.objectId = 150",
                    "cannot be answered chunk by chunk"},
                // a condition on the null-extended side of an outer join stays above the join
                new String[] {"SELECT o1.objectId, COUNT(o2.objectId) FROM Object o1 LEFT JOIN Object o2 ON " + NN
                        + " < 0.05 AND o1.objectId <> o2.objectId WHERE o1.objectId < 40 GROUP BY o1.objectId",
                    "more than the overlap"});
        for (String[] c : cases) {
            QueryPlan plan = PLANNER.plan(c[0], "sky", sky, sky.index);
            assertThat(plan).as(c[0]).isInstanceOfSatisfying(StagedPlan.class, staged -> {
                assertThat(staged.stages()).isNotEmpty();
                assertThat(staged.stages()).allSatisfy(st -> {
                    assertThat(st.maxRows()).isPositive();
                    assertThat(st.limitReason()).contains(c[1]).contains("gathering");
                });
            });
            List<List<Object>> expected = duck.runReference(c[0]);
            assertThat(expected).as(c[0]).isNotEmpty();
            assertThat(sorted(duck.runPlan(plan, false))).as(c[0]).isEqualTo(sorted(expected));
        }
        // a key condition on one side goes into that side's subquery (and prunes its chunks there)
        StagedPlan keyed = (StagedPlan) PLANNER.plan("SELECT o1.ra, o2.ra FROM Object o1, Object o2 WHERE o1.objectId = 3 "
                + "AND o2.objectId = 150", "sky", sky, sky.index);
        assertThat(keyed.stages()).allSatisfy(st -> assertThat(st.plan()).isInstanceOfSatisfying(DistributedPlan.class,
                d -> assertThat(d.chunks()).isInstanceOf(ChunkSelection.Chunks.class)));
    }

    @Test
    void outerJoinWithoutConditionIsASyntaxError() {
        // MySQL: JOIN and INNER JOIN may go without ON (a cross join); LEFT and RIGHT JOIN may not.
        for (String type : List.of("LEFT", "RIGHT")) {
            assertThatThrownBy(() -> PLANNER.plan("SELECT o.objectId FROM Object o " + type + " JOIN Source s WHERE s.objectId = o.objectId",
                    "sky", sky, sky.index)).isInstanceOfSatisfying(SkyshardException.class, e -> {
                        assertThat(e.code()).isEqualTo(SqlErrorCode.SYNTAX_ERROR);
                        assertThat(e.getMessage()).contains(type + " JOIN needs an ON or USING condition");
                    });
        }
    }

    private static void assertRefused(String sql, String... fragments) {
        assertThatThrownBy(() -> PLANNER.plan(sql, "sky", sky, sky.index)).isInstanceOfSatisfying(SkyshardException.class, e -> {
            assertThat(e.code()).isEqualTo(SqlErrorCode.UNSUPPORTED);
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }

    private static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(Object::toString).sorted(Comparator.naturalOrder()).toList();
    }
}
