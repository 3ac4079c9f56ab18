package io.skyshard.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The differential suite over the demo catalog (Object, Source, Filter). Each case runs on the
 * cluster and, as {@link Case#reference()}, on one DuckDB holding the same rows unpartitioned. The
 * reference text differs from the cluster text only where the Qserv dialect has no DuckDB spelling
 * (spatial restrictors).
 */
final class DifferentialQueries {
    record Case(String name, String sql, String reference, boolean ordered) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final List<Case> cases = new ArrayList<>();

    /** Runs a case on the cluster (through {@code client}) and on the reference, and compares the rows. */
    static void check(Connection client, Connection reference, Case c) throws SQLException {
        ResultRows actual;
        try (Statement st = client.createStatement(); ResultSet rs = st.executeQuery(c.sql())) {
            actual = ResultRows.read(rs);
        }
        ResultRows expected;
        try (Statement st = reference.createStatement(); ResultSet rs = st.executeQuery(c.reference())) {
            expected = ResultRows.read(rs);
        }
        if (!c.ordered()) {
            actual = actual.sorted();
            expected = expected.sorted();
        }
        assertThat(actual.difference(expected)).as("query '%s': %s", c.name(), c.sql()).isNull();
    }

    DifferentialQueries same(String name, String sql) {
        cases.add(new Case(name, sql, sql, sql.toUpperCase(java.util.Locale.ROOT).contains("ORDER BY")));
        return this;
    }

    DifferentialQueries pair(String name, String sql, String reference) {
        cases.add(new Case(name, sql, reference, sql.toUpperCase(java.util.Locale.ROOT).contains("ORDER BY")));
        return this;
    }

    List<Case> cases() {
        return List.copyOf(cases);
    }

    /** objectId of the n-th generated object. */
    static String oid(long n) {
        return Long.toString(io.skyshard.ingest.sample.SampleCatalog.OBJECT_ID_BASE + n);
    }

    static List<Case> all() {
        DifferentialQueries q = new DifferentialQueries();
        // Full scans and projections
        q.same("count star", "SELECT COUNT(*) FROM Object")
         .same("count source", "SELECT COUNT(*) FROM Source")
         .same("count column with nulls", "SELECT COUNT(refExtendedness) FROM Object")
         .same("count where", "SELECT COUNT(*) FROM Object WHERE g_psfFlux > 1000")
         .same("count where nothing", "SELECT COUNT(*) FROM Object WHERE coord_dec > 95")
         .same("sum avg min max", "SELECT SUM(g_psfFlux), AVG(g_psfFlux), MIN(g_psfFlux), MAX(g_psfFlux) FROM Object")
         .same("aggregates on empty input", "SELECT COUNT(*), SUM(r_psfFlux), AVG(r_psfFlux), MIN(r_psfFlux), MAX(r_psfFlux) FROM Object WHERE coord_dec > 100")
         .same("avg of nullable", "SELECT AVG(refExtendedness), COUNT(refExtendedness), COUNT(*) FROM Object")
         .same("aggregate of expression", "SELECT AVG(g_psfFlux - r_psfFlux), MAX(ABS(coord_dec)) FROM Object WHERE refExtendedness IS NOT NULL")
         .same("sum of bigint", "SELECT SUM(objectId), MIN(objectId), MAX(objectId) FROM Object")
         .same("projection with where", "SELECT objectId, coord_ra, coord_dec FROM Object WHERE coord_dec BETWEEN 10 AND 10.5 AND coord_ra BETWEEN 20 AND 21")
         .same("expressions in select", "SELECT objectId, g_psfFlux / r_psfFlux AS ratio, coord_ra + 1 AS shifted FROM Object WHERE coord_dec > 89")
         .same("null checks", "SELECT objectId, refExtendedness FROM Object WHERE refExtendedness IS NULL AND coord_dec < -88")
         .same("or predicate", "SELECT objectId FROM Object WHERE coord_dec > 89.5 OR coord_dec < -89.5")
         .same("in list on non key", "SELECT COUNT(*) FROM Source WHERE band IN ('g', 'r')")
         .same("not in", "SELECT COUNT(*) FROM Source WHERE band NOT IN ('u', 'y')")
         .same("like", "SELECT COUNT(*) FROM Filter WHERE filterName LIKE '%g%'")
         // SELECT * lists the catalog columns, not chunkId/subChunkId (which the reference tables also hold)
         .pair("select star small", "SELECT * FROM Object WHERE coord_dec > 89.7",
                 "SELECT * EXCLUDE (chunkId, subChunkId) FROM Object WHERE coord_dec > 89.7")
         .pair("select star source small", "SELECT * FROM Source WHERE `dec` < -89.8",
                 "SELECT * EXCLUDE (chunkId, subChunkId) FROM Source WHERE \"dec\" < -89.8")
         .same("chunk columns", "SELECT COUNT(*) FROM Object WHERE chunkId >= 0 AND subChunkId >= 0")
         // GROUP BY / HAVING / DISTINCT
         .same("group by band", "SELECT band, COUNT(*) AS n, AVG(psfFlux) AS f FROM Source GROUP BY band")
         .same("group by expression", "SELECT FLOOR(coord_dec / 10) AS zone, COUNT(*) FROM Object GROUP BY FLOOR(coord_dec / 10)")
         .same("group by alias", "SELECT FLOOR(coord_dec / 10) AS zone, COUNT(*) AS n FROM Object GROUP BY zone")
         .same("min max of text per group", "SELECT visit % 5 AS v, MIN(band), MAX(band), COUNT(*) FROM Source GROUP BY visit % 5")
         .same("min max of text", "SELECT MIN(band) AS lo, MAX(band) AS hi FROM Source WHERE band <> 'u'")
         .same("group by two keys", "SELECT band, visit % 3 AS v, COUNT(*), MIN(midpointMjdTai) FROM Source GROUP BY band, visit % 3")
         .same("having", "SELECT band, COUNT(*) AS n FROM Source GROUP BY band HAVING COUNT(*) > 1000")
         .same("having on hidden aggregate", "SELECT band FROM Source GROUP BY band HAVING AVG(psfFlux) > 0")
         .same("having filters all", "SELECT band, COUNT(*) FROM Source GROUP BY band HAVING COUNT(*) < 0")
         .same("distinct", "SELECT DISTINCT band FROM Source")
         .same("distinct two columns", "SELECT DISTINCT band, visit % 2 AS parity FROM Source")
         .same("group by with nulls", "SELECT refExtendedness IS NULL AS missing, COUNT(*) FROM Object GROUP BY refExtendedness IS NULL")
         .same("histogram", "SELECT FLOOR(coord_ra / 30) AS b, COUNT(*) AS n, AVG(coord_dec) AS d FROM Object GROUP BY b")
         // ORDER BY / LIMIT
         .same("order by limit", "SELECT objectId, g_psfFlux FROM Object ORDER BY g_psfFlux DESC, objectId LIMIT 10")
         .same("order by asc limit", "SELECT objectId, coord_dec FROM Object ORDER BY coord_dec, objectId LIMIT 7")
         .same("order by position", "SELECT band, COUNT(*) FROM Source GROUP BY band ORDER BY 2 DESC, 1")
         .same("order by alias", "SELECT band, COUNT(*) AS n FROM Source GROUP BY band ORDER BY n, band")
         .same("order by expression", "SELECT objectId FROM Object WHERE coord_dec > 89 ORDER BY coord_ra * 2, objectId")
         .same("order by nullable asc", "SELECT objectId, refExtendedness FROM Object WHERE coord_dec > 89.5 ORDER BY refExtendedness, objectId")
         .same("order by nullable desc", "SELECT objectId, refExtendedness FROM Object WHERE coord_dec > 89.5 ORDER BY refExtendedness DESC, objectId")
         .same("limit larger than result", "SELECT objectId FROM Object WHERE coord_dec > 89 LIMIT 100000")
         .same("order by aggregate limit", "SELECT FLOOR(coord_ra) AS r, COUNT(*) AS n FROM Object GROUP BY FLOOR(coord_ra) ORDER BY n DESC, r LIMIT 5")
         .same("distinct order by", "SELECT DISTINCT band FROM Source ORDER BY band DESC")
         // Spatial restrictors
         .pair("areaspec circle", "SELECT objectId, coord_ra, coord_dec FROM Object WHERE qserv_areaspec_circle(10.0, 20.0, 0.5)",
                 "SELECT objectId, coord_ra, coord_dec FROM Object WHERE scisql_s2PtInCircle(coord_ra, coord_dec, 10.0, 20.0, 0.5) = 1")
         .pair("areaspec circle = 1", "SELECT COUNT(*) FROM Object WHERE qserv_areaspec_circle(200.0, -45.0, 2.0) = 1",
                 "SELECT COUNT(*) FROM Object WHERE scisql_s2PtInCircle(coord_ra, coord_dec, 200.0, -45.0, 2.0) = 1")
         .pair("areaspec circle at pole", "SELECT objectId FROM Object WHERE qserv_areaspec_circle(0.0, 90.0, 1.5)",
                 "SELECT objectId FROM Object WHERE scisql_s2PtInCircle(coord_ra, coord_dec, 0.0, 90.0, 1.5) = 1")
         .pair("areaspec circle across ra 0", "SELECT objectId FROM Object WHERE qserv_areaspec_circle(359.9, 0.5, 1.0)",
                 "SELECT objectId FROM Object WHERE scisql_s2PtInCircle(coord_ra, coord_dec, 359.9, 0.5, 1.0) = 1")
         .pair("areaspec circle with filter", "SELECT objectId, g_psfFlux FROM Object WHERE qserv_areaspec_circle(45.0, 30.0, 3.0) AND g_psfFlux > 500",
                 "SELECT objectId, g_psfFlux FROM Object WHERE scisql_s2PtInCircle(coord_ra, coord_dec, 45.0, 30.0, 3.0) = 1 AND g_psfFlux > 500")
         .pair("areaspec box", "SELECT objectId FROM Object WHERE qserv_areaspec_box(10.0, -5.0, 12.0, -3.0)",
                 "SELECT objectId FROM Object WHERE scisql_s2PtInBox(coord_ra, coord_dec, 10.0, -5.0, 12.0, -3.0) = 1")
         .pair("areaspec box across ra 0", "SELECT COUNT(*) FROM Object WHERE qserv_areaspec_box(358.0, -2.0, 2.0, 2.0)",
                 "SELECT COUNT(*) FROM Object WHERE scisql_s2PtInBox(coord_ra, coord_dec, 358.0, -2.0, 2.0, 2.0) = 1")
         .pair("areaspec box polar cap", "SELECT COUNT(*), AVG(coord_dec) FROM Object WHERE qserv_areaspec_box(0.0, -90.0, 360.0, -85.0)",
                 "SELECT COUNT(*), AVG(coord_dec) FROM Object WHERE scisql_s2PtInBox(coord_ra, coord_dec, 0.0, -90.0, 360.0, -85.0) = 1")
         .pair("areaspec box aggregate group", "SELECT FLOOR(coord_dec) AS d, COUNT(*) FROM Object WHERE qserv_areaspec_box(100.0, 10.0, 110.0, 14.0) GROUP BY d",
                 "SELECT FLOOR(coord_dec) AS d, COUNT(*) FROM Object WHERE scisql_s2PtInBox(coord_ra, coord_dec, 100.0, 10.0, 110.0, 14.0) = 1 GROUP BY d")
         .pair("areaspec box order limit", "SELECT objectId, r_psfFlux FROM Object WHERE qserv_areaspec_box(150.0, 0.0, 170.0, 10.0) ORDER BY r_psfFlux DESC, objectId LIMIT 3",
                 "SELECT objectId, r_psfFlux FROM Object WHERE scisql_s2PtInBox(coord_ra, coord_dec, 150.0, 0.0, 170.0, 10.0) = 1 ORDER BY r_psfFlux DESC, objectId LIMIT 3")
         .pair("areaspec circle empty sky", "SELECT COUNT(*) FROM Object WHERE qserv_areaspec_circle(123.0, 45.0, 0.00001)",
                 "SELECT COUNT(*) FROM Object WHERE scisql_s2PtInCircle(coord_ra, coord_dec, 123.0, 45.0, 0.00001) = 1")
         .same("scisql angsep in select", "SELECT objectId, scisql_angSep(coord_ra, coord_dec, 0.0, 90.0) AS d FROM Object WHERE coord_dec > 89.8")
         .same("flux to mag", "SELECT objectId, scisql_nanojanskyToAbMag(g_psfFlux) AS g FROM Object WHERE coord_dec > 89.8 AND g_psfFlux > 0")
         // Director key lookups
         .same("objectId equality", "SELECT objectId, coord_ra, coord_dec FROM Object WHERE objectId = " + oid(1000))
         .pair("objectId equality reversed", "SELECT * FROM Object WHERE " + oid(2500) + " = objectId",
                 "SELECT * EXCLUDE (chunkId, subChunkId) FROM Object WHERE " + oid(2500) + " = objectId")
         .same("objectId in", "SELECT objectId FROM Object WHERE objectId IN (" + oid(1) + ", " + oid(17) + ", " + oid(4242) + ", 99999, " + oid(1234567) + ")")
         .same("objectId missing", "SELECT objectId FROM Object WHERE objectId = -5")
         .same("objectId count missing", "SELECT COUNT(*) FROM Object WHERE objectId = -5")
         .same("objectId with extra filter", "SELECT objectId FROM Object WHERE objectId IN (" + oid(10) + ", " + oid(20) + ", " + oid(30) + ") AND g_psfFlux > 0")
         .same("light curve", "SELECT sourceId, band, psfFlux, midpointMjdTai FROM Source WHERE objectId = " + oid(777))
         .same("light curve aggregate", "SELECT band, COUNT(*), AVG(psfFlux) FROM Source WHERE objectId IN (" + oid(777) + ", " + oid(778) + ", " + oid(779) + ") GROUP BY band")
         // Director-child join on the director key
         .same("object source join", "SELECT o.objectId, s.sourceId FROM Object o JOIN Source s ON o.objectId = s.objectId WHERE o.objectId = " + oid(4242))
         .same("join count", "SELECT COUNT(*) FROM Object o, Source s WHERE o.objectId = s.objectId AND o.coord_dec > 80")
         // Replicated tables only
         .same("replicated all", "SELECT * FROM Filter")
         .same("replicated filter", "SELECT band, filterName FROM Filter WHERE band IN ('g', 'i') ORDER BY band")
         .same("replicated aggregate", "SELECT COUNT(*), MIN(band) FROM Filter")
         // Partitioned x replicated
         .same("source join filter", "SELECT f.filterName, COUNT(*) FROM Source s JOIN Filter f ON s.band = f.band GROUP BY f.filterName")
         // No table
         .same("no table", "SELECT 1 + 2 AS three, 'x' AS s")
         // Near-neighbour joins on the demo catalog (the README's examples)
         .pair("near neighbours", "SELECT o1.objectId, o2.objectId, scisql_angSep(o1.coord_ra, o1.coord_dec, o2.coord_ra, o2.coord_dec) AS d "
                 + "FROM Object o1, Object o2 WHERE scisql_angSep(o1.coord_ra, o1.coord_dec, o2.coord_ra, o2.coord_dec) < 1.0 / 60 "
                 + "AND o1.objectId <> o2.objectId AND o1.g_psfFlux > 10000",
                 // the declination window spares the reference engine a 60k x 60k nested loop
                 "SELECT o1.objectId, o2.objectId, scisql_angSep(o1.coord_ra, o1.coord_dec, o2.coord_ra, o2.coord_dec) AS d "
                 + "FROM Object o1, Object o2 WHERE scisql_angSep(o1.coord_ra, o1.coord_dec, o2.coord_ra, o2.coord_dec) < 1.0 / 60 "
                 + "AND o1.objectId <> o2.objectId AND o1.g_psfFlux > 10000 "
                 + "AND o2.coord_dec BETWEEN o1.coord_dec - 1.0 / 60 AND o1.coord_dec + 1.0 / 60")
         .same("neighbours of one object", "SELECT o2.objectId FROM Object o1 JOIN Object o2 "
                 + "ON scisql_angSep(o1.coord_ra, o1.coord_dec, o2.coord_ra, o2.coord_dec) < 0.01 WHERE o1.objectId = " + oid(4242))
         .same("object source filter", "SELECT o.objectId, f.filterName, COUNT(*) FROM Object o JOIN Source s USING (objectId) "
                 + "JOIN Filter f ON f.band = s.band WHERE o.coord_dec > 89 GROUP BY o.objectId, f.filterName")
         // Beyond Qserv: subqueries in expressions (answered first, then the query with their values)
         .same("in subquery on the director key", "SELECT objectId, g_psfFlux FROM Object WHERE objectId IN "
                 + "(SELECT objectId FROM Source WHERE psfFlux > 200000 AND band = 'u')")
         .same("in subquery on a child", "SELECT sourceId, band FROM Source WHERE objectId IN (SELECT objectId FROM Object WHERE coord_dec > 89.8)")
         .same("not in subquery", "SELECT COUNT(*) FROM Filter WHERE band NOT IN (SELECT band FROM Source WHERE objectId = " + oid(77) + ")")
         .same("in empty subquery", "SELECT COUNT(*) FROM Object WHERE objectId IN (SELECT objectId FROM Source WHERE psfFlux < -1e30)")
         .same("not in empty subquery", "SELECT COUNT(*) FROM Object WHERE objectId NOT IN (SELECT objectId FROM Source WHERE psfFlux < -1e30)")
         .same("not in subquery with null", "SELECT COUNT(*) FROM Object WHERE coord_dec > 89 AND refExtendedness NOT IN "
                 + "(SELECT refExtendedness FROM Object WHERE coord_dec > 89.5)")
         .same("scalar subquery", "SELECT objectId FROM Object WHERE coord_dec > 89 AND g_psfFlux > (SELECT AVG(g_psfFlux) FROM Object)")
         .same("scalar subquery in select", "SELECT band, COUNT(*) * 100e0 / (SELECT COUNT(*) FROM Source) AS pct FROM Source GROUP BY band")
         // (a DOUBLE factor: with 100.0 every operand is exact and MySQL's DECIMAL division, which
         // Skyshard follows and TestQservDialect checks against MariaDB, rounds to 5 decimals where DuckDB does not)
         .same("scalar subquery in having", "SELECT band, COUNT(*) FROM Source GROUP BY band HAVING COUNT(*) > (SELECT COUNT(*) / 7 FROM Source)")
         .same("exists", "SELECT COUNT(*) FROM Filter WHERE EXISTS (SELECT * FROM Object WHERE coord_dec > 89.9)")
         .same("nested in subqueries", "SELECT COUNT(*) FROM Source WHERE objectId IN (SELECT objectId FROM Object WHERE coord_dec < -89.5 "
                 + "AND objectId IN (SELECT objectId FROM Source WHERE band IN (SELECT band FROM Filter WHERE effectiveWavelength > 800)))")
         // Beyond Qserv: subqueries in FROM (inner part distributed, outer part at the czar)
         .same("from subquery", "SELECT b, COUNT(*) AS n FROM (SELECT FLOOR(coord_ra / 30) AS b FROM Object WHERE g_psfFlux > 1000) t GROUP BY b")
         .same("from aggregated subquery", "SELECT AVG(n), MAX(n), COUNT(*) FROM (SELECT objectId, COUNT(*) AS n FROM Source GROUP BY objectId) t")
         .same("from subquery join replicated", "SELECT f.filterName, t.n FROM (SELECT band, COUNT(*) AS n FROM Source GROUP BY band) t "
                 + "JOIN Filter f ON f.band = t.band")
         .same("from top-n subquery", "SELECT * FROM (SELECT objectId, r_psfFlux FROM Object ORDER BY r_psfFlux DESC, objectId LIMIT 5) t "
                 + "ORDER BY objectId")
         .same("from subquery joined with object", "SELECT o.objectId, o.coord_dec, s.n FROM Object o JOIN "
                 + "(SELECT objectId, COUNT(*) AS n FROM Source WHERE psfFlux > 150000 GROUP BY objectId) s ON s.objectId = o.objectId "
                 + "WHERE s.n > 1")
         .same("from subquery with column names", "SELECT x, y FROM (SELECT band, MIN(psfFlux) FROM Source GROUP BY band) AS t(x, y)")
         .same("common table expressions", "WITH perBand AS (SELECT band, COUNT(*) AS n FROM Source GROUP BY band), "
                 + "big AS (SELECT band FROM perBand WHERE n > 1000) SELECT f.filterName, p.n FROM perBand p JOIN Filter f USING (band) "
                 + "WHERE p.band IN (SELECT band FROM big) ORDER BY p.n DESC, f.filterName")
         // Beyond Qserv: set operations, each branch its own distributed plan
         .pair("union all", "SELECT objectId FROM Object WHERE coord_dec > 89.9 UNION ALL SELECT objectId FROM Source WHERE `dec` > 89.9",
                 "SELECT objectId FROM Object WHERE coord_dec > 89.9 UNION ALL SELECT objectId FROM Source WHERE \"dec\" > 89.9")
         .same("union", "SELECT band FROM Source WHERE objectId < " + oid(100) + " UNION SELECT band FROM Filter ORDER BY band DESC LIMIT 4")
         .same("union of aggregates", "SELECT 'object' AS t, COUNT(*) AS n FROM Object UNION ALL SELECT 'source', COUNT(*) FROM Source ORDER BY n")
         .same("intersect", "SELECT band FROM Filter INTERSECT SELECT band FROM Source WHERE objectId = " + oid(4242))
         .same("except", "SELECT band FROM Filter EXCEPT SELECT band FROM Source WHERE objectId = " + oid(4242))
         // Beyond Qserv: COUNT(DISTINCT), LIMIT with OFFSET, ORDER BY expressions, HAVING on aggregates not selected
         .same("count distinct", "SELECT COUNT(DISTINCT band), COUNT(DISTINCT objectId), COUNT(DISTINCT visit % 10) FROM Source")
         .same("count distinct grouped", "SELECT band, COUNT(DISTINCT objectId) AS n FROM Source GROUP BY band ORDER BY n DESC, band")
         .same("limit offset", "SELECT objectId, g_psfFlux FROM Object ORDER BY g_psfFlux DESC, objectId LIMIT 5 OFFSET 10")
         .same("order by aggregate expression", "SELECT band, AVG(psfFlux) FROM Source GROUP BY band ORDER BY MAX(psfFlux) - MIN(psfFlux), band")
         .same("having hidden distinct count", "SELECT band FROM Source GROUP BY band HAVING COUNT(DISTINCT objectId) > 1000")
         // Types round trip
         .same("types", "SELECT objectId, r_psfFlux, g_psfFlux, CAST(objectId AS VARCHAR) AS s FROM Object WHERE objectId IN (" + oid(5) + ", " + oid(6) + ")");
        return List.copyOf(q.cases);
    }
}
