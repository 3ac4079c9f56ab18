package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Joins over database {@link SkyDataset sky} (loaded through ingest, with its overlap tables)
 * through port 4040, compared with one DuckDB holding the same rows: near-neighbour self-joins and
 * cross-matches across chunk corners, ra = 0 and the poles, director-child, three-table and
 * partitioned x replicated joins, director-index lookups on child tables; and joins whose rows lie in
 * different chunks, answered at the czar over gathered tables.
 */
class TestJoinQueries {
    static LocalCluster cluster;
    static Connection client;
    static Connection reference;

    private static final String NN = "scisql_angSep(o1.ra, o1.decl, o2.ra, o2.decl)";

    @BeforeAll
    static void start() throws Exception {
        cluster = SharedCluster.get();
        client = DriverManager.getConnection(cluster.jdbcUrl(SkyDataset.DATABASE));
        reference = cluster.reference(SkyDataset.DATABASE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    static List<DifferentialQueries.Case> cases() {
        DifferentialQueries q = new DifferentialQueries();
        q.same("nn pairs", "SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE " + NN + " < 0.005")
         .same("nn at the overlap radius", "SELECT o1.objectId, o2.objectId, " + NN + " AS d FROM Object o1, Object o2 WHERE "
                 + NN + " < 1.0 / 60 AND o1.objectId <> o2.objectId")
         .same("nn count join on", "SELECT COUNT(*) FROM Object o1 JOIN Object o2 ON " + NN + " <= 0.016")
         .same("nn with filters", "SELECT o1.objectId, o2.objectId FROM Object o1 INNER JOIN Object o2 ON 0.004 > " + NN
                 + " WHERE o1.flux > 3 AND o2.flux IS NULL")
         .same("nn per object", "SELECT o1.objectId, COUNT(*) AS n FROM Object o1, Object o2 WHERE " + NN
                 + " < 0.01 AND o1.objectId <> o2.objectId GROUP BY o1.objectId HAVING COUNT(*) > 3 ORDER BY n DESC, o1.objectId LIMIT 20")
         .same("nn left join", "SELECT o1.objectId, o2.objectId FROM Object o1 LEFT JOIN Object o2 ON " + NN
                 + " < 0.002 AND o1.objectId <> o2.objectId")
         .same("nn zero distance", "SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE " + NN + " <= 0 AND o1.objectId < o2.objectId")
         .same("nn nothing", "SELECT COUNT(*) FROM Object o1, Object o2 WHERE " + NN + " < 0")
         .same("nn key on far side", "SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 WHERE " + NN + " < 0.01 AND o2.objectId = 1003")
         .same("nn with source", "SELECT o1.objectId, s.sourceId, o2.objectId FROM Object o1 JOIN Source s ON s.objectId = o1.objectId, "
                 + "Object o2 WHERE " + NN + " < 0.004 AND o1.objectId <> o2.objectId")
         .same("nn with replicated", "SELECT f.filterName, COUNT(*) FROM Object o1, Object o2, Source s, Filter f WHERE " + NN
                 + " < 0.004 AND s.objectId = o2.objectId AND f.band = s.band GROUP BY f.filterName")
         .same("cross-match", "SELECT r.refId, o.objectId FROM RefObject r, Object o WHERE scisql_angSep(r.ra, r.decl, o.ra, o.decl) < 0.01")
         .same("cross-match nearest", "SELECT r.refId, MIN(scisql_angSep(r.ra, r.decl, o.ra, o.decl)) AS d FROM RefObject r "
                 + "JOIN Object o ON scisql_angSep(r.ra, r.decl, o.ra, o.decl) < 0.015 GROUP BY r.refId")
         .same("director child", "SELECT o.objectId, s.sourceId, s.flux FROM Object o JOIN Source s ON s.objectId = o.objectId WHERE o.flux > 10")
         .same("director child using", "SELECT objectId, COUNT(*) FROM Object JOIN Source USING (objectId) GROUP BY objectId")
         .same("director child comma", "SELECT COUNT(*), SUM(s.flux) FROM Object o, Source s WHERE o.objectId = s.objectId AND o.decl > 80")
         .same("three tables", "SELECT f.filterName, COUNT(*), AVG(s.flux) FROM Object o JOIN Source s ON s.objectId = o.objectId "
                 + "JOIN Filter f ON f.band = s.band GROUP BY f.filterName")
         .same("director self-join on key", "SELECT a.objectId, b.flux FROM Object a JOIN Object b ON a.objectId = b.objectId WHERE a.decl < -89.9")
         .same("child child on key", "SELECT s1.sourceId, s2.sourceId FROM Source s1 JOIN Source s2 ON s1.objectId = s2.objectId "
                 + "WHERE s1.sourceId < s2.sourceId")
         .same("source by key", "SELECT sourceId, band, flux FROM Source WHERE objectId = 1003")
         .same("source by keys", "SELECT sourceId, band FROM Source WHERE objectId IN (1003, 1100, 1777, 5)")
         .same("partitioned x replicated", "SELECT s.sourceId, f.filterName FROM Source s LEFT JOIN Filter f ON f.band = s.band WHERE s.flux > 20")
         // rows in different chunks: answered at the czar over the gathered tables
         .same("nn beyond the overlap, gathered", "SELECT COUNT(*) FROM Object o1, Object o2 WHERE " + NN + " < 0.5")
         .same("join off the key, gathered", "SELECT COUNT(*) FROM Object o1, Object o2 WHERE o1.flux = o2.flux")
         .same("child joined off the key, gathered", "SELECT COUNT(*) FROM Object o, Source s WHERE s.sourceId = o.objectId");
        return q.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAnswerAsSingleDuckDb(DifferentialQueries.Case c) throws Exception {
        DifferentialQueries.check(client, reference, c);
    }

    /** Guards the data: near-neighbour pairs must straddle chunks, or agreement would prove little. */
    @Test
    void pairsStraddleChunks() throws Exception {
        try (Statement st = reference.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM Object o1, Object o2 WHERE " + NN + " < 0.005 AND o1.chunkId <> o2.chunkId")) {
            rs.next();
            assertThat(rs.getLong(1)).isGreaterThan(150);
        }
    }
}
