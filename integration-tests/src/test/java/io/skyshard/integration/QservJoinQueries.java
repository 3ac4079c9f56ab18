package io.skyshard.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Joins in Qserv's form over the Qserv test catalogs (near-neighbour self-joins, director-child,
 * partitioned x replicated and three-table joins), and what Qserv refuses but Skyshard answers
 * (subqueries, set operations, COUNT(DISTINCT), WITH), compared with MariaDB over the same files:
 * part of the {@link QservDialectQueries} suite. The near-neighbour queries are Qserv's own
 * integration-test queries where they exist (1051_nn and its angSep variant), with their MySQL form
 * (the restrictor on o1 only) as the reference.
 */
final class QservJoinQueries {
    private final List<QservDialectQueries.Case> cases = new ArrayList<>();

    private QservJoinQueries same(String dataset, String name, String sql) {
        return pair(dataset, name, sql, sql);
    }

    private QservJoinQueries pair(String dataset, String name, String sql, String reference) {
        String upper = sql.toUpperCase(Locale.ROOT);
        // GROUP BY x DESC sorts the result too (MariaDB)
        boolean ordered = upper.contains("ORDER BY") || upper.matches(".*GROUP BY \\w+ (ASC|DESC).*");
        cases.add(new QservDialectQueries.Case(dataset, name, sql, reference, ordered, null));
        return this;
    }

    private static final String NN = "scisql_angSep(o1.ra_PS, o1.decl_PS, o2.ra_PS, o2.decl_PS)";

    static List<QservDialectQueries.Case> all() {
        QservJoinQueries q = new QservJoinQueries();
        String c1 = "case01";
        // ---- case01: PT1.1, 88 objects around ra = 0, Source with replicated Filter, Science_Ccd_Exposure,
        // RefSrcMatch and SimRefObject
        q.pair(c1, "nn 1051", "SELECT o1.objectId AS objId1, o2.objectId AS objId2, " + NN + " AS distance "
                + "FROM Object o1, Object o2 WHERE qserv_areaspec_box(0, 0, 0.2, 1) AND " + NN + " < 0.016 AND o1.objectId <> o2.objectId",
                "SELECT o1.objectId AS objId1, o2.objectId AS objId2, " + NN + " AS distance "
                + "FROM Object o1, Object o2 WHERE o1.ra_PS BETWEEN 0 AND 0.2 AND o1.decl_PS BETWEEN 0 AND 1 "
                + "AND o2.ra_PS BETWEEN 0 AND 0.2 AND o2.decl_PS BETWEEN 0 AND 1 AND " + NN + " < 0.016 "
                + "AND o1.objectId <> o2.objectId")
         .same(c1, "nn whole catalog", "SELECT o1.objectId, o2.objectId, " + NN + " AS d FROM Object o1, Object o2 WHERE " + NN + " < 0.016")
         .same(c1, "nn left join counts", "SELECT o1.objectId, COUNT(o2.objectId) AS n FROM Object o1 LEFT JOIN Object o2 "
                 + "ON " + NN + " < 0.01 AND o1.objectId <> o2.objectId GROUP BY o1.objectId")
         .same(c1, "object source filter join", "SELECT f.filterName, COUNT(*) AS n, MIN(s.taiMidPoint) AS first FROM Object o "
                 + "JOIN Source s ON s.objectId = o.objectId JOIN Filter f ON f.filterId = s.filterId WHERE o.decl_PS > 0 GROUP BY f.filterName")
         .same(c1, "objects for exposures", "SELECT DISTINCT objectId FROM Source s JOIN Science_Ccd_Exposure sce USING (scienceCcdExposureId) "
                 + "WHERE sce.visit IN (885449631, 886257441, 886472151) AND s.objectId IN (SELECT objectId FROM Object)")
         .same(c1, "source ref match", "SELECT s.sourceId, m.refObjectId, m.angSep FROM Source s JOIN RefSrcMatch m ON m.sourceId = s.sourceId "
                 + "WHERE s.objectId = 402391191015221")
         .same(c1, "object source ref object", "SELECT o.objectId, r.refObjectId, r.isStar, r.rMag FROM Object o "
                 + "JOIN Source s ON s.objectId = o.objectId JOIN RefSrcMatch m ON m.sourceId = s.sourceId "
                 + "JOIN SimRefObject r ON r.refObjectId = m.refObjectId WHERE o.decl_PS > 3 AND m.closestToSrc = 1")
         .same(c1, "sources per object having", "SELECT o.objectId, COUNT(*) AS n, AVG(s.psfFlux) AS f FROM Object o JOIN Source s USING (objectId) "
                 + "GROUP BY o.objectId HAVING COUNT(*) > 40")
         // beyond Qserv
         .same(c1, "sources of bright objects (IN subquery)", "SELECT sourceId, filterId FROM Source WHERE objectId IN "
                 + "(SELECT objectId FROM Object WHERE decl_PS > 3.5)")
         .same(c1, "sources of known objects", "SELECT COUNT(*) FROM Source WHERE objectId IN (SELECT objectId FROM Object)")
         .same(c1, "objects without sources", "SELECT objectId FROM Object WHERE objectId NOT IN (SELECT objectId FROM Source WHERE objectId IS NOT NULL)")
         .same(c1, "exposure above average", "SELECT scienceCcdExposureId, visit FROM Science_Ccd_Exposure WHERE fluxMag0 > "
                 + "(SELECT AVG(fluxMag0) FROM Science_Ccd_Exposure)")
         .same(c1, "per filter from subquery", "SELECT filterId, COUNT(*) AS objects, SUM(n) AS sources, MAX(n) AS most FROM "
                 + "(SELECT o.objectId, s.filterId, COUNT(*) AS n FROM Object o JOIN Source s USING (objectId) GROUP BY o.objectId, s.filterId) t "
                 + "GROUP BY filterId")
         .same(c1, "distinct objects per filter", "SELECT s.filterId, COUNT(DISTINCT s.objectId) AS n FROM Source s JOIN Object o USING (objectId) "
                 + "GROUP BY s.filterId ORDER BY s.filterId")
         .same(c1, "union of regions", "SELECT objectId FROM Object WHERE decl_PS > 5 UNION SELECT objectId FROM Object WHERE ra_PS BETWEEN 1 AND 2 "
                 + "ORDER BY objectId")
         .same(c1, "group by desc", "SELECT filterId, COUNT(*) AS n FROM Source WHERE objectId IN (SELECT objectId FROM Object) "
                 + "GROUP BY filterId DESC")
         .same(c1, "with per object", "WITH n AS (SELECT objectId, COUNT(*) AS c FROM Source GROUP BY objectId) "
                 + "SELECT objectId, c FROM n WHERE c > 45 AND objectId IN (SELECT objectId FROM Object) ORDER BY objectId");

        // ---- case02 and case05: 1000 objects in a 0.1 x 0.17 deg Stripe 82 field, thousands of close pairs
        for (String c : List.of("case02", "case05")) {
            q.pair(c, "nn in box", "SELECT o1.objectId AS objId1, o2.objectId AS objId2, " + NN + " AS distance "
                    + "FROM Object o1, Object o2 WHERE qserv_areaspec_box(1.28, 3.18, 1.32, 3.22) AND " + NN + " < 0.016 "
                    + "AND o1.objectId <> o2.objectId",
                    "SELECT o1.objectId AS objId1, o2.objectId AS objId2, " + NN + " AS distance "
                    + "FROM Object o1, Object o2 WHERE o1.ra_PS BETWEEN 1.28 AND 1.32 AND o1.decl_PS BETWEEN 3.18 AND 3.22 "
                    + "AND o2.ra_PS BETWEEN 1.28 AND 1.32 AND o2.decl_PS BETWEEN 3.18 AND 3.22 "
                    + "AND " + NN + " < 0.016 AND o1.objectId <> o2.objectId")
             .same(c, "nn angSep region", "SELECT o1.objectId AS objId1, o2.objectId AS objId2, " + NN + " AS distance "
                     + "FROM Object o1, Object o2 WHERE scisql_angSep(o1.ra_PS, o1.decl_PS, 1.25, 3.35) <= 0.08 AND " + NN + " < 0.016 "
                     + "AND o1.objectId <> o2.objectId")
             .same(c, "nn counts per object", "SELECT o1.objectId, COUNT(*) AS n FROM Object o1 JOIN Object o2 ON " + NN + " < 0.005 "
                     + "WHERE o1.objectId <> o2.objectId AND o1.decl_PS < 3.2 GROUP BY o1.objectId")
             .same(c, "nn pairs with similar colors", "SELECT o1.objectId, o2.objectId FROM Object o1, Object o2 "
                     + "WHERE o1.ra_PS BETWEEN 1.3 AND 1.34 AND " + NN + " < 0.003 AND o1.objectId < o2.objectId "
                     + "AND ABS(scisql_fluxToAbMag(o1.gFlux_PS) - scisql_fluxToAbMag(o2.gFlux_PS)) < 0.5")
             .same(c, "light curve of a neighbour", "SELECT s.sourceId, s.taiMidPoint FROM Object o1 JOIN Object o2 ON " + NN + " < 0.002 "
                     + "JOIN Source s ON s.objectId = o2.objectId WHERE o1.objectId = 433327840428032 AND o2.objectId <> o1.objectId")
             .same(c, "objects with many sources", "SELECT objectId, ra_PS, decl_PS FROM Object WHERE objectId IN "
                     + "(SELECT objectId FROM Source GROUP BY objectId HAVING COUNT(*) > 30)")
             .same(c, "sources union", "SELECT sourceId FROM Source WHERE objectId = 433327840428032 UNION ALL "
                     + "SELECT sourceId FROM Source WHERE objectId = 433327840428033 ORDER BY sourceId")
             .same(c, "count distinct objects with sources", "SELECT COUNT(DISTINCT objectId) FROM Source");
        }
        return List.copyOf(q.cases);
    }
}
