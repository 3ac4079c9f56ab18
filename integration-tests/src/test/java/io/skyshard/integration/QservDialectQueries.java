package io.skyshard.integration;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The differential suite in Qserv's dialect over the five Qserv test catalogs: each query runs on the
 * cluster (MySQL protocol, port 4040) and on MariaDB holding the same files unpartitioned. The forms
 * are those astronomers write in Qserv (spatial restrictors, sciSQL, director-key lookups, MySQL
 * operators and functions); the queries themselves are written for these catalogs.
 *
 * <p>Adding a query is one line: {@code same(case, name, sql)} when MariaDB runs the text as it is, or
 * {@code pair(case, name, qservSql, mysqlSql)} when Qserv-only syntax (qserv_areaspec_*) has a plain
 * MySQL equivalent. {@code {DB}} stands for the case's database (Qserv's {@code {DBTAG}}); both sides
 * also have it as their default database. Rows are compared ignoring order unless the query has an
 * ORDER BY (then its keys must order the rows completely).
 */
final class QservDialectQueries {
    /**
     * @param knownGap null, or why Skyshard's answer is known to differ (the test then skips the case
     *                 while the difference lasts, and fails once it is gone so that the mark is removed)
     */
    record Case(String dataset, String name, String sql, String reference, boolean ordered, String knownGap) {
        @Override
        public String toString() {
            return dataset + ": " + name;
        }
    }

    private final List<Case> cases = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();

    private QservDialectQueries same(String dataset, String name, String sql) {
        return pair(dataset, name, sql, sql);
    }

    private QservDialectQueries pair(String dataset, String name, String sql, String reference) {
        if (!names.add(dataset + ": " + name)) {
            throw new IllegalArgumentException("duplicate query name " + dataset + ": " + name);
        }
        cases.add(new Case(dataset, name, sql, reference, sql.toUpperCase(Locale.ROOT).contains("ORDER BY"), null));
        return this;
    }

    /** Marks the previous query as a known gap (see {@link Case#knownGap()}). */
    private QservDialectQueries knownGap(String why) {
        Case last = cases.remove(cases.size() - 1);
        cases.add(new Case(last.dataset(), last.name(), last.sql(), last.reference(), last.ordered(), why));
        return this;
    }

    static List<Case> all() {
        QservDialectQueries q = new QservDialectQueries();
        String c1 = "case01";
        String c2 = "case02";
        String c3 = "case03";
        String c4 = "case04";
        String c5 = "case05";

        // ---- case01: PT1.1 Object/Source around ra = 0 (the catalog straddles ra = 0/360)
        q.same(c1, "count objects", "SELECT COUNT(*) FROM Object")
         .same(c1, "count sources", "SELECT COUNT(*) AS n FROM {DB}.Source")
         .same(c1, "fetch object by id", "SELECT objectId, iauId, ra_PS, decl_PS, uFlux_PS, gFlux_PS_Sigma FROM {DB}.Object WHERE objectId = 430213989148129")
         .same(c1, "fetch object by id no result", "SELECT * FROM Object WHERE objectId = 430213989000")
         .same(c1, "fetch objects by id IN", "SELECT objectId, ra_PS, decl_PS FROM Object WHERE objectId IN (430213989148129, 433327840428032, 1398579058966640, 402391191015221)")
         .same(c1, "select star by id", "SELECT * FROM Object WHERE objectId = 402391191015221")
         .same(c1, "source by object id", "SELECT sourceId, objectId, taiMidPoint, psfFlux, psfFluxSigma FROM Source WHERE objectId = 402391191015221 ORDER BY sourceId")
         .same(c1, "source by object id IN", "SELECT sourceId, filterId, ra, decl FROM Source WHERE objectId IN (402391191015221, 390030275138483, 1)")
         .same(c1, "source by object id BETWEEN", "SELECT COUNT(*), MIN(sourceId), MAX(sourceId) FROM Source WHERE objectId BETWEEN 386942193651347 AND 386942193651349")
         .same(c1, "source blob field", "SELECT sourceId, blobField FROM Source WHERE sourceId = 29759322768015696")
         .same(c1, "source blob hex", "SELECT sourceId, HEX(blobField) AS h FROM Source WHERE objectId = 402391191015221")
         .same(c1, "object varbinary", "SELECT objectId, varBinaryField FROM Object WHERE varBinaryField IS NOT NULL")
         .pair(c1, "cone mag color box", "SELECT COUNT(*) AS OBJ_COUNT FROM {DB}.Object WHERE qserv_areaspec_box(0.1, -6, 4, 6) "
                 + "AND scisql_fluxToAbMag(zFlux_PS) BETWEEN 20 AND 24 "
                 + "AND scisql_fluxToAbMag(gFlux_PS) - scisql_fluxToAbMag(rFlux_PS) BETWEEN 0.1 AND 0.9 "
                 + "AND scisql_fluxToAbMag(iFlux_PS) - scisql_fluxToAbMag(zFlux_PS) BETWEEN 0.1 AND 1.0",
                 "SELECT COUNT(*) AS OBJ_COUNT FROM {DB}.Object WHERE ra_PS BETWEEN 0.1 AND 4 AND decl_PS BETWEEN -6 AND 6 "
                 + "AND scisql_fluxToAbMag(zFlux_PS) BETWEEN 20 AND 24 "
                 + "AND scisql_fluxToAbMag(gFlux_PS) - scisql_fluxToAbMag(rFlux_PS) BETWEEN 0.1 AND 0.9 "
                 + "AND scisql_fluxToAbMag(iFlux_PS) - scisql_fluxToAbMag(zFlux_PS) BETWEEN 0.1 AND 1.0")
         .pair(c1, "var objects box ordered", "SELECT objectId FROM Object WHERE qserv_areaspec_box(0, 0, 3, 10) ORDER BY objectId",
                 "SELECT objectId FROM Object WHERE ra_PS BETWEEN 0 AND 3 AND decl_PS BETWEEN 0 AND 10 ORDER BY objectId")
         .pair(c1, "restrictor name case-insensitive", "SELECT objectId FROM Object WHERE QsErV_ArEaSpEc_BoX(0, 0, 3, 10) ORDER BY objectId",
                 "SELECT objectId FROM Object WHERE scisql_s2PtInBox(ra_PS, decl_PS, 0, 0, 3, 10) = 1 ORDER BY objectId")
         .pair(c1, "restrictor compared with 1", "SELECT objectId FROM Object WHERE qserv_areaspec_box(0, 0, 3, 10) = 1 ORDER BY objectId",
                 "SELECT objectId FROM Object WHERE scisql_s2PtInBox(ra_PS, decl_PS, 0, 0, 3, 10) = 1 ORDER BY objectId")
         .pair(c1, "box across ra 0", "SELECT objectId, ra_PS, decl_PS FROM Object WHERE qserv_areaspec_box(358, -7, 2, 5)",
                 "SELECT objectId, ra_PS, decl_PS FROM Object WHERE scisql_s2PtInBox(ra_PS, decl_PS, 358, -7, 2, 5) = 1")
         .pair(c1, "box 350 to 370", "SELECT COUNT(*) FROM Object WHERE qserv_areaspec_box(350, -7, 370, 5)",
                 "SELECT COUNT(*) FROM Object WHERE scisql_s2PtInBox(ra_PS, decl_PS, 350, -7, 370, 5) = 1")
         .pair(c1, "all galaxies in area", "SELECT objectId FROM {DB}.Object WHERE qserv_areaspec_box(1.0, -6.0, 2.0, -4.0) AND rRadius_SG > 0.5",
                 "SELECT objectId FROM {DB}.Object WHERE ra_PS BETWEEN 1.0 AND 2.0 AND decl_PS BETWEEN -6.0 AND -4.0 AND rRadius_SG > 0.5")
         .pair(c1, "circle restrictor", "SELECT objectId, ra_PS, decl_PS FROM Object WHERE qserv_areaspec_circle(1.0, -2.0, 1.5)",
                 "SELECT objectId, ra_PS, decl_PS FROM Object WHERE scisql_s2PtInCircle(ra_PS, decl_PS, 1.0, -2.0, 1.5) = 1")
         .pair(c1, "circle restrictor across ra 0", "SELECT COUNT(*) FROM Object WHERE qserv_areaspec_circle(0.2, -1.0, 2)",
                 "SELECT COUNT(*) FROM Object WHERE scisql_s2PtInCircle(ra_PS, decl_PS, 0.2, -1.0, 2) = 1")
         .pair(c1, "ellipse restrictor", "SELECT objectId FROM Object WHERE qserv_areaspec_ellipse(1.0, -2.0, 7200, 3600, 30)",
                 "SELECT objectId FROM Object WHERE scisql_s2PtInEllipse(ra_PS, decl_PS, 1.0, -2.0, 7200, 3600, 30) = 1")
         .pair(c1, "poly restrictor", "SELECT objectId FROM Object WHERE qserv_areaspec_poly(0.5, -5, 3, -5, 3, 0, 0.5, 0)",
                 "SELECT objectId FROM Object WHERE scisql_s2PtInCPoly4(ra_PS, decl_PS, 0.5, -5, 3, -5, 3, 0, 0.5, 0) = 1")
         .pair(c1, "time series with USING joins", "SELECT objectId, taiMidPoint, scisql_fluxToAbMag(psfFlux) FROM {DB}.Source "
                 + "JOIN {DB}.Object USING(objectId) JOIN {DB}.Filter USING(filterId) WHERE qserv_areaspec_box(355, 0, 360, 20) "
                 + "AND filterName = 'g' ORDER BY objectId, taiMidPoint ASC",
                 "SELECT objectId, taiMidPoint, scisql_fluxToAbMag(psfFlux) FROM {DB}.Source "
                 + "JOIN {DB}.Object USING(objectId) JOIN {DB}.Filter USING(filterId) WHERE ra_PS BETWEEN 355 AND 360 "
                 + "AND decl_PS BETWEEN 0 AND 20 AND filterName = 'g' ORDER BY objectId, taiMidPoint ASC")
         .same(c1, "null safe equals", "SELECT objectId FROM {DB}.Object WHERE raRange <=> NULL")
         .same(c1, "not like", "SELECT COUNT(*) FROM Science_Ccd_Exposure WHERE ccdName NOT LIKE '0,%'")
         .same(c1, "raft and ccd", "SELECT sce.filterId, sce.filterName, sce.ccdName FROM {DB}.Science_Ccd_Exposure AS sce "
                 + "WHERE (sce.visit = 887404831) AND (sce.raftName = '3,3') AND (sce.ccdName NOT LIKE '0,2')")
         .same(c1, "not between", "SELECT objectId FROM Object WHERE decl_PS NOT BETWEEN -5 AND 3")
         .same(c1, "and alternative", "SELECT objectId FROM Object WHERE ra_PS > 1 && decl_PS < 0")
         .same(c1, "or alternative", "SELECT objectId FROM Object WHERE ra_PS < 0.5 || ra_PS > 359.5")
         .same(c1, "not in", "SELECT COUNT(*) FROM Source WHERE filterId NOT IN (0, 2, 4)")
         .same(c1, "modulo operator", "SELECT objectId FROM Object WHERE objectId % 3 = 1")
         .same(c1, "mod operator", "SELECT objectId, objectId MOD 7 AS m FROM Object WHERE objectId MOD 7 > 4")
         .same(c1, "div operator", "SELECT objectId FROM {DB}.Object WHERE ra_PS DIV 2 > 1")
         .same(c1, "bitwise and", "SELECT objectId, flags & 4 AS f FROM Object WHERE flags & 1 = 1")
         .same(c1, "hexadecimal masks", "SELECT objectId, gFlags & 0xFF AS low, rFlags >> 0x8 AS high FROM Object "
                 + "WHERE gFlags & 0x4 = 0x4 OR rFlags & 0x0F00 <> 0")
         .same(c1, "bitwise or", "SELECT objectId, flags | 8 AS f FROM Object WHERE objectId < 390000000000000")
         .same(c1, "bitwise xor", "SELECT objectId, uFlags ^ gFlags AS x FROM Object")
         .same(c1, "shifts", "SELECT objectId, flags << 2 AS l, objectId >> 40 AS r FROM Object WHERE objectId >> 48 = 1")
         .same(c1, "bitwise not", "SELECT objectId, ~flags AS n FROM Object WHERE decl_PS > 2")
         .same(c1, "negative one", "SELECT objectId FROM {DB}.Object WHERE ra_PS > -1")
         .same(c1, "xor", "SELECT ra_PS, objectId FROM Object WHERE ra_PS > 1 XOR ra_PS < 2")
         .same(c1, "two group by columns", "SELECT filterId, objectId, COUNT(*) AS n FROM Source GROUP BY filterId, objectId")
         .same(c1, "grouped logical term", "SELECT objectId, ra_PS FROM {DB}.Object WHERE ra_PS > 359.5 AND (objectId = 417853073271391 OR objectId = 399294519599888)")
         .same(c1, "select as ordered", "SELECT ra_PS AS ra, decl_PS AS decl FROM {DB}.Object WHERE ra_PS BETWEEN 0. AND 1. AND decl_PS BETWEEN 0. AND 1. ORDER BY ra, decl")
         .same(c1, "select star order by column", "SELECT * FROM Object ORDER BY objectId")
         .same(c1, "poly as hex", "SELECT scienceCcdExposureId, hex(poly) as hexPoly FROM Science_Ccd_Exposure")
         .same(c1, "leap seconds big literal", "SELECT `offset`, mjdRef, drift, whenUtc FROM {DB}.LeapSeconds WHERE whenUtc < 39900600000000000000000000 ORDER BY whenUtc DESC LIMIT 1")
         .same(c1, "replicated table scan", "SELECT * FROM Filter")
         .same(c1, "replicated filter", "SELECT filterName FROM Filter WHERE filterId > 2 AND photClam = 0")
         .same(c1, "logs text", "SELECT id, HOSTID, LEVEL, COMMENT FROM Logs WHERE id < 20")
         .same(c1, "timestamp column", "SELECT scienceCcdExposureId, obsStart FROM Science_Ccd_Exposure WHERE visit = 887404831 ORDER BY scienceCcdExposureId")
         .same(c1, "angSep nearby objects", "SELECT objectId, scisql_angSep(ra_PS, decl_PS, 0.2, -1.0) AS dist FROM Object WHERE scisql_angSep(ra_PS, decl_PS, 0.2, -1.0) < 2.5")
         .same(c1, "flux to mag in select", "SELECT objectId, scisql_fluxToAbMag(uFlux_PS) AS u, scisql_fluxToAbMagSigma(uFlux_PS, uFlux_PS_Sigma) AS uErr FROM Object")
         .same(c1, "aggregates over source", "SELECT COUNT(*), SUM(psfFlux), MIN(taiMidPoint), MAX(taiMidPoint), AVG(psfFlux) FROM Source")
         .same(c1, "group by filter", "SELECT filterId, COUNT(*) AS n, AVG(psfFlux) AS meanFlux FROM Source GROUP BY filterId")
         .same(c1, "group by order by count", "SELECT objectId, COUNT(*) AS n FROM Source GROUP BY objectId ORDER BY n DESC, objectId LIMIT 10")
         .same(c1, "distinct filter", "SELECT DISTINCT filterId FROM Source")
         .same(c1, "avg of an integer column", "SELECT AVG(filterId), AVG(objectId), SUM(filterId), SUM(objectId) FROM Source")
         .same(c1, "exact arithmetic in having and order by", "SELECT objectId, AVG(filterId) AS f, SUM(filterId) / COUNT(*) AS g FROM Source "
                 + "GROUP BY objectId HAVING AVG(filterId) > 1.5 ORDER BY f DESC, objectId LIMIT 20")
         .same(c1, "decimal literals divide exactly", "SELECT filterId, 1.5 / filterId, filterId / 1.25, filterId * 2.5 / 3, filterId / 1e1 FROM Filter")
         .same(c1, "avg of integers per group", "SELECT objectId, AVG(filterId) AS f FROM Source GROUP BY objectId")
         .same(c1, "floor of an integer quotient is an integer", "SELECT FLOOR(scienceCcdExposureId / 1000) AS e, CEIL(filterId / 4) AS f, "
                 + "FLOOR(objectId / 100) AS g, COUNT(*) AS n FROM Source GROUP BY e, f, g")
         .same(c1, "avg of integer expressions is a decimal", "SELECT AVG(flagForDetection & 255), AVG(COALESCE(filterId, -1)), "
                 + "AVG(MOD(filterId, 3)), AVG(CASE WHEN filterId > 2 THEN 1 ELSE 0 END), AVG(CAST(psfFlux AS SIGNED)), AVG(ROUND(objectId)) FROM Source")
         .same(c1, "float extremes in arithmetic are doubles", "SELECT MAX(psfFluxSigma) - MIN(psfFluxSigma) AS spread, MAX(psfFluxSigma), objectId FROM Source GROUP BY objectId")
         .same(c1, "a choice among float and small integer columns is a float", "SELECT sourceId, IFNULL(filterId, psfFluxSigma) AS a, "
                 + "IF(psfFluxSigma > filterId, psfFluxSigma, filterId) AS b, GREATEST(psfFluxSigma, filterId) AS c, "
                 + "COALESCE(psfFluxSigma, NULL) AS d FROM Source WHERE objectId = 433327840428032")
         .same(c1, "avg of floored doubles shows four decimals", "SELECT filterId, AVG(FLOOR(ra)) AS a, AVG(ROUND(decl, 3)) AS b, "
                 + "FLOOR(AVG(ra)) / 7 AS c FROM Source GROUP BY filterId")
         .same(c1, "integer division", "SELECT filterId, filterId / 3, filterId DIV 3, (filterId / 3) * 3 FROM Filter")
         .same(c1, "integer division on a partitioned table", "SELECT sourceId, filterId / 7 AS q FROM Source WHERE objectId = 402386260936460")
         .same(c1, "order by limit", "SELECT objectId, ra_PS FROM Object ORDER BY ra_PS DESC LIMIT 5")
         .same(c1, "chunk-local join count", "SELECT COUNT(*) FROM Object o, Source s WHERE o.objectId = s.objectId")
         .same(c1, "iauId char column", "SELECT objectId, iauId FROM Object WHERE iauId IS NOT NULL")
         .same(c1, "float columns stay float", "SELECT objectId, ra_PS_Sigma, decl_PS_Sigma, radecl_PS_Cov, uVarProb FROM Object")
         .same(c1, "tinyint and smallint", "SELECT objectId, canonicalFilterId, extendedness, uExtendedness FROM Object");

        // ---- MySQL expression syntax, functions, literals and result column names (case01 Object)
        q.same(c1, "unaliased expressions are named by their text", "SELECT objectId, ra_PS+1, decl_PS * 2, ABS(decl_PS), count(*) FROM Object GROUP BY objectId, ra_PS+1, decl_PS * 2, ABS(decl_PS)")
         .same(c1, "aliases with backticks and spaces", "SELECT objectId AS `the id`, ra_PS AS `ra`, decl_PS `dec` FROM Object WHERE decl_PS > 0")
         .same(c1, "backticked names", "SELECT `objectId`, `Object`.`ra_PS` FROM `Object` WHERE `decl_PS` < -5")
         .same(c1, "database qualified column", "SELECT {DB}.Object.objectId, {DB}.Object.decl_PS FROM {DB}.Object WHERE {DB}.Object.decl_PS BETWEEN -1 AND 1")
         .same(c1, "table alias qualified", "SELECT o.objectId, o.ra_PS FROM Object AS o WHERE o.ra_PS < 1")
         .same(c1, "literal forms", "SELECT objectId, 1. AS a, -.5 AS b, 1e-32 AS c, .25e2 AS d FROM Object WHERE objectId = 402391191015221")
         .same(c1, "big integer literal compare", "SELECT COUNT(*) FROM Object WHERE objectId < 99999999999999999999")
         .same(c1, "negative literal compare", "SELECT objectId FROM Object WHERE decl_PS < -5.5 AND ra_PS > -0.5")
         .same(c1, "float arithmetic widened", "SELECT objectId, gFlux_PS * 1e30 AS g, gFlux_PS / rFlux_PS AS ratio, gFlux_PS_Sigma + 0 AS s FROM Object WHERE rFlux_PS > 0")
         .same(c1, "float column compared with decimal", "SELECT objectId FROM Object WHERE gFlux_PS_Sigma > 1e-31")
         .same(c1, "float sum and avg", "SELECT SUM(gFlux_PS), AVG(rFlux_PS), MIN(iFlux_PS), MAX(zFlux_PS) FROM Object")
         .same(c1, "math functions", "SELECT objectId, ROUND(ra_PS, 3) AS r, FLOOR(decl_PS) AS f, CEIL(decl_PS) AS c, CEILING(ra_PS) AS c2, "
                 + "SQRT(ra_PS) AS s, POW(decl_PS, 2) AS p, POWER(2, 3) AS p2, LOG10(ra_PS) AS l, LN(ra_PS) AS n, EXP(decl_PS) AS e FROM Object")
         .same(c1, "trigonometry", "SELECT objectId, SIN(RADIANS(decl_PS)) AS s, COS(RADIANS(ra_PS)) AS c, TAN(RADIANS(decl_PS)) AS t, "
                 + "DEGREES(ATAN2(decl_PS, ra_PS)) AS a, ASIN(decl_PS / 90) AS as1, ACOS(decl_PS / 90) AS ac, ATAN(decl_PS) AS at FROM Object")
         .same(c1, "sign", "SELECT objectId, SIGN(decl_PS) AS s, SIGN(decl_PS - 100) AS n, SIGN(0) AS z FROM Object WHERE ra_PS < 2")
         .same(c1, "mod function and operators on floats", "SELECT objectId, MOD(ra_PS, 1) AS m1, ra_PS % 0.5 AS m2, ra_PS MOD 2 AS m3 FROM Object")
         .same(c1, "integer arithmetic", "SELECT objectId, objectId DIV 1000000 AS d, objectId % 1000 AS m, objectId * 2 AS t, objectId - 1 AS s FROM Object")
         .same(c1, "division", "SELECT objectId, objectId / 7 AS q, ra_PS / 3 AS r, 10 / 4 AS c FROM Object WHERE decl_PS > 1")
         .same(c1, "round of doubles and floats", "SELECT objectId, ROUND(ra_PS, 3), ROUND(decl_PS), ROUND(ra_PS * 100, -2), "
                 + "ROUND(uFlux_PS, 35), ROUND(filterId / 3, 2) FROM Object, Filter WHERE ROUND(decl_PS, 1) > 0.5 AND filterId = 2")
         .same(c1, "conditions in arithmetic", "SELECT SUM(decl_PS > 0), AVG(decl_PS > 0), COUNT(*) - SUM(ra_PS < 1), "
                 + "MAX((decl_PS > 0) + (ra_PS < 1)) FROM Object")
         .same(c1, "division by zero is null", "SELECT filterId, 1 / (filterId - 2), 1.5 / (filterId - 2), photClam / (filterId - 2), "
                 + "10 / 0, 2.5e0 / 0 FROM Filter")
         .same(c1, "case when", "SELECT objectId, CASE WHEN decl_PS < -3 THEN 'south' WHEN decl_PS < 0 THEN 'middle' ELSE 'north' END AS zone FROM Object")
         .same(c1, "simple case", "SELECT objectId, CASE canonicalFilterId WHEN 1 THEN 'g' WHEN 2 THEN 'r' ELSE 'other' END AS f FROM Object")
         .same(c1, "case in aggregate", "SELECT SUM(CASE WHEN decl_PS < 0 THEN 1 ELSE 0 END) AS south, COUNT(*) AS n FROM Object")
         .same(c1, "cast", "SELECT objectId, CAST(ra_PS AS SIGNED) AS i, CAST(decl_PS AS DECIMAL(10, 3)) AS d, CAST(objectId AS CHAR) AS s FROM Object WHERE ra_PS < 1")
         .same(c1, "coalesce ifnull if", "SELECT objectId, COALESCE(gFlags, -1) AS c, IFNULL(gFlags, 0) AS i, IF(gFlags IS NULL, 'none', 'some') AS t FROM Object")
         .same(c1, "nullif and greatest", "SELECT objectId, NULLIF(flags, 0) AS n, GREATEST(ra_PS, decl_PS) AS g, LEAST(ra_PS, decl_PS) AS l FROM Object")
         .same(c1, "is null and is not null", "SELECT COUNT(*), COUNT(gFlags), SUM(gFlags IS NULL), SUM(gFlags IS NOT NULL) FROM Object")
         .same(c1, "in list", "SELECT COUNT(*) FROM Source WHERE filterId IN (1, 3, 5)")
         .same(c1, "like patterns", "SELECT DISTINCT raftName FROM Science_Ccd_Exposure WHERE raftName LIKE '1,%' OR raftName LIKE '_,3'")
         .same(c1, "like with escape-free underscore", "SELECT COUNT(*) FROM Science_Ccd_Exposure WHERE ccdName LIKE '%1%'")
         .same(c1, "string functions", "SELECT DISTINCT filterName, LENGTH(filterName) AS l, UPPER(filterName) AS u, CONCAT(filterName, '-', raftName) AS c FROM Science_Ccd_Exposure WHERE visit = 887404831")
         .same(c1, "substring", "SELECT DISTINCT SUBSTRING(raftName, 1, 1) AS r FROM Science_Ccd_Exposure")
         .same(c1, "hex of integers", "SELECT objectId, HEX(objectId) AS h FROM Object WHERE decl_PS > 3")
         .same(c1, "null safe equals with value", "SELECT objectId FROM Object WHERE gFlags <=> 67372293")
         .same(c1, "not operator", "SELECT COUNT(*) FROM Object WHERE NOT (decl_PS < 0)")
         .same(c1, "bang operator", "SELECT COUNT(*) FROM Object WHERE !(decl_PS < 0)")
         .same(c1, "bit ops in select", "SELECT objectId, gFlags & 255 AS lo, gFlags >> 24 AS hi, gFlags | 1 AS o, gFlags ^ 65535 AS x FROM Object WHERE gFlags IS NOT NULL")
         .same(c1, "comparison values", "SELECT objectId, decl_PS > 0 AS north, ra_PS BETWEEN 0 AND 1 AS inside, gFlags IS NULL AS noflags FROM Object")
         .same(c1, "order by expression alias", "SELECT objectId, ra_PS * 2 AS r FROM Object ORDER BY r DESC, objectId LIMIT 10")
         .same(c1, "order by position", "SELECT objectId, decl_PS FROM Object ORDER BY 2, 1 LIMIT 5")
         .same(c1, "limit offset", "SELECT objectId FROM Object ORDER BY objectId LIMIT 5, 10")
         .same(c1, "group by having", "SELECT FLOOR(decl_PS) AS band, COUNT(*) AS n FROM Object GROUP BY FLOOR(decl_PS) HAVING COUNT(*) > 5")
         .same(c1, "count distinct", "SELECT COUNT(DISTINCT filterId), COUNT(DISTINCT objectId) FROM Source WHERE objectId IS NOT NULL AND objectId <> 390030275138483")
         .same(c1, "distinct objects of sources", "SELECT DISTINCT objectId FROM Source WHERE filterId = 2 AND objectId <> 390030275138483")
         .same(c1, "join source object filter by id", "SELECT s.sourceId, o.objectId, s.ra - o.ra_PS AS dra FROM Source s JOIN Object o ON s.objectId = o.objectId WHERE o.objectId = 402391191015221")
         .same(c1, "join count per object", "SELECT o.objectId, COUNT(*) AS n FROM Object o, Source s WHERE o.objectId = s.objectId GROUP BY o.objectId")
         .same(c1, "source filter join", "SELECT f.filterName, COUNT(*) AS n FROM Source s JOIN Filter f ON s.filterId = f.filterId WHERE s.objectId <> 390030275138483 GROUP BY f.filterName")
         .same(c1, "light curve", "SELECT taiMidPoint, psfFlux, psfFluxSigma FROM Source WHERE objectId = 402391191015221 ORDER BY taiMidPoint")
         .same(c1, "magnitudes of a light curve", "SELECT taiMidPoint, scisql_dnToAbMag(psfFlux, 1e10) AS m, scisql_fluxToAbMag(psfFlux * 1e-32) AS m2 FROM Source WHERE objectId = 402391191015221 ORDER BY taiMidPoint")
         .same(c1, "replicated join", "SELECT s.filterName, COUNT(*) AS n FROM Science_Ccd_Exposure s JOIN Filter f ON s.filterId = f.filterId GROUP BY s.filterName")
         .same(c1, "sdqa metric", "SELECT sdqa_metricId, metricName, physicalUnits, dataType FROM sdqa_Metric WHERE dataType = 'f'")
         .same(c1, "sim ref object", "SELECT refObjectId, isStar, ra, decl, rMag FROM SimRefObject WHERE rMag < 20 AND isStar = 1")
         .same(c1, "ref src match angsep", "SELECT sourceId, angSep, nRefMatches FROM RefSrcMatch WHERE angSep < 0.0001 AND closestToRef = 1")
         .same(c1, "logs by level", "SELECT LEVEL, COUNT(*) AS n FROM Logs GROUP BY LEVEL")
         .same(c1, "comments in query", "SELECT objectId -- the id\n, ra_PS /* right ascension */ FROM Object # trailing\nWHERE decl_PS > 3")
         .same(c1, "lower case keywords", "select objectid, ra_ps from Object where decl_ps between -1 and 0 order by objectid")

        // ---- sciSQL functions: values, NULL handling, edges
         .same(c1, "angSep values", "SELECT objectId, scisql_angSep(ra_PS, decl_PS, 0, 0) AS d0, scisql_angSep(ra_PS, decl_PS, 180, 0) AS d180, "
                 + "scisql_angSep(ra_PS, decl_PS, ra_SG, decl_SG) AS dSG FROM Object")
         .same(c1, "angSep null and invalid", "SELECT objectId, scisql_angSep(ra_PS, NULL, 0, 0) AS n, scisql_angSep(ra_PS, decl_PS, 0, 91) AS bad FROM Object WHERE decl_PS > 3")
         .same(c1, "point in circle values", "SELECT objectId, scisql_s2PtInCircle(ra_PS, decl_PS, 1, -3, 2) AS inside, "
                 + "scisql_s2PtInCircle(ra_PS, decl_PS, 1, -3, NULL) AS n, scisql_s2PtInCircle(ra_PS, decl_PS, 1, -3, 200) AS bad FROM Object")
         .same(c1, "point in box values", "SELECT objectId, scisql_s2PtInBox(ra_PS, decl_PS, 359, -5, 1, 0) AS wrap, scisql_s2PtInBox(ra_PS, decl_PS, 0, 1, 10, -1) AS empty, "
                 + "scisql_s2PtInBox(ra_PS, decl_PS, -10, -6, 10, 6) AS neg, scisql_s2PtInBox(ra_PS, decl_PS, 10, -6, -10, 6) AS bad FROM Object")
         .pair(c1, "point in polygon values", "SELECT objectId, scisql_s2PtInCPoly(ra_PS, decl_PS, 0, -6, 3, -6, 3, 0, 0, 0) AS ccw, "
                 + "scisql_s2PtInCPoly(ra_PS, decl_PS, 0, 0, 3, 0, 3, -6) AS cw FROM Object",
                 "SELECT objectId, scisql_s2PtInCPoly4(ra_PS, decl_PS, 0, -6, 3, -6, 3, 0, 0, 0) AS ccw, "
                 + "scisql_s2PtInCPoly3(ra_PS, decl_PS, 0, 0, 3, 0, 3, -6) AS cw FROM Object")
         .same(c1, "point in ellipse values", "SELECT objectId, scisql_s2PtInEllipse(ra_PS, decl_PS, 1, -3, 10000, 5000, 45) AS e, "
                 + "scisql_s2PtInEllipse(ra_PS, decl_PS, 1, -3, 100, 500, 45) AS bad FROM Object")
         .same(c1, "photometry values", "SELECT objectId, scisql_fluxToAbMag(gFlux_PS) AS m, scisql_fluxToAbMagSigma(gFlux_PS, gFlux_PS_Sigma) AS e, "
                 + "scisql_abMagToFlux(scisql_fluxToAbMag(gFlux_PS)) AS f, scisql_abMagToFluxSigma(20, 0.1) AS fe FROM Object")
         .same(c1, "nanojansky values", "SELECT objectId, scisql_nanojanskyToAbMag(gFlux_PS * 1e32) AS m, scisql_nanojanskyToAbMagSigma(gFlux_PS * 1e32, gFlux_PS_Sigma * 1e32) AS e, "
                 + "scisql_abMagToNanojansky(22.5) AS f, scisql_abMagToNanojanskySigma(22.5, 0.1) AS fe FROM Object")
         .same(c1, "photometry at zero and negative flux", "SELECT scisql_fluxToAbMag(0), scisql_fluxToAbMag(-1), scisql_nanojanskyToAbMag(0), "
                 + "scisql_fluxToAbMagSigma(0, 1), scisql_nanojanskyToAbMagSigma(-1, 1), scisql_abMagToNanojanskySigma(20, -1), scisql_dnToAbMag(1, 0)")
         .same(c1, "photometry of null", "SELECT scisql_fluxToAbMag(NULL), scisql_abMagToFlux(NULL), scisql_dnToAbMagSigma(1, NULL, 2, 3)")
         .same(c1, "sciSQL names are case-insensitive", "SELECT objectId, SCISQL_ANGSEP(ra_PS, decl_PS, 0, 0) AS d FROM Object WHERE Scisql_S2PtInCircle(ra_PS, decl_PS, 1, -3, 2) = 1")

        // ---- spatial pruning forms: sciSQL predicates and windows (no restrictor)
         .same(c1, "circle predicate", "SELECT objectId FROM Object WHERE scisql_s2PtInCircle(ra_PS, decl_PS, 1.5, -4.5, 1) = 1")
         .same(c1, "bare circle predicate", "SELECT objectId FROM Object WHERE scisql_s2PtInCircle(ra_PS, decl_PS, 1.5, -4.5, 1)")
         .same(c1, "box predicate across ra 0", "SELECT objectId FROM Object WHERE scisql_s2PtInBox(ra_PS, decl_PS, 358, -6, 1, -3) = 1")
         .same(c1, "angSep cone", "SELECT objectId FROM Object WHERE scisql_angSep(ra_PS, decl_PS, 359.9, -3) < 2")
         .same(c1, "angSep cone reversed", "SELECT objectId FROM Object WHERE 2 >= scisql_angSep(359.9, -3, ra_PS, decl_PS)")
         .same(c1, "ra dec window", "SELECT objectId FROM Object WHERE ra_PS BETWEEN 1 AND 2 AND decl_PS BETWEEN -6 AND -4")
         .same(c1, "dec window only", "SELECT COUNT(*) FROM Object WHERE decl_PS BETWEEN -2 AND 0")
         .same(c1, "one sided bounds", "SELECT objectId FROM Object WHERE ra_PS > 359 AND decl_PS >= -3")
         .same(c1, "empty window", "SELECT COUNT(*) FROM Object WHERE ra_PS BETWEEN 2 AND 1")
         .pair(c1, "restrictor and window", "SELECT objectId FROM Object WHERE qserv_areaspec_box(0, -6, 3, 0) AND decl_PS > -4",
                 "SELECT objectId FROM Object WHERE ra_PS BETWEEN 0 AND 3 AND decl_PS BETWEEN -6 AND 0 AND decl_PS > -4")
         .pair(c1, "two restrictors intersect", "SELECT objectId FROM Object WHERE qserv_areaspec_box(0, -6, 3, 0) AND qserv_areaspec_circle(1, -3, 1.5)",
                 "SELECT objectId FROM Object WHERE scisql_s2PtInBox(ra_PS, decl_PS, 0, -6, 3, 0) = 1 AND scisql_s2PtInCircle(ra_PS, decl_PS, 1, -3, 1.5) = 1")
         .pair(c1, "box restrictor aggregate", "SELECT COUNT(*), AVG(decl_PS), MIN(ra_PS) FROM Object WHERE qserv_areaspec_box(359, -7, 360, 5)",
                 "SELECT COUNT(*), AVG(decl_PS), MIN(ra_PS) FROM Object WHERE scisql_s2PtInBox(ra_PS, decl_PS, 359, -7, 360, 5) = 1")
         .pair(c1, "full sky box", "SELECT COUNT(*) FROM Object WHERE qserv_areaspec_box(0, -90, 360, 90)",
                 "SELECT COUNT(*) FROM Object")
         .pair(c1, "empty box", "SELECT COUNT(*) FROM Object WHERE qserv_areaspec_box(0, 5, 10, -5)",
                 "SELECT COUNT(*) FROM Object WHERE scisql_s2PtInBox(ra_PS, decl_PS, 0, 5, 10, -5) = 1")
         .pair(c1, "concave poly restrictor", "SELECT objectId FROM Object WHERE qserv_areaspec_poly(0.5, -5, 3, -5, 2, -2.5, 3, 0, 0.5, 0)",
                 "SELECT objectId FROM Object WHERE scisql_s2PtInCPoly5(ra_PS, decl_PS, 0.5, -5, 3, -5, 2, -2.5, 3, 0, 0.5, 0) = 1")
         .pair(c1, "point in polygons that are not convex", "SELECT objectId, "
                 + "scisql_s2PtInCPoly(ra_PS, decl_PS, 0.5, -5, 3, -5, 2, -2.5, 3, 0, 0.5, 0) AS concave, "
                 + "scisql_s2PtInCPoly(ra_PS, decl_PS, 0.5, -5, 3, 0, 0.5, -1, 3, -4) AS crossed FROM Object",
                 "SELECT objectId, scisql_s2PtInCPoly5(ra_PS, decl_PS, 0.5, -5, 3, -5, 2, -2.5, 3, 0, 0.5, 0) AS concave, "
                 + "scisql_s2PtInCPoly4(ra_PS, decl_PS, 0.5, -5, 3, 0, 0.5, -1, 3, -4) AS crossed FROM Object")
         .pair(c1, "triangle restrictor", "SELECT objectId FROM Object WHERE qserv_areaspec_poly(359, -6, 3, -6, 1, 0)",
                 "SELECT objectId FROM Object WHERE scisql_s2PtInCPoly3(ra_PS, decl_PS, 359, -6, 3, -6, 1, 0) = 1")
         .pair(c1, "restrictor on source via object", "SELECT s.sourceId, s.taiMidPoint FROM Object o JOIN Source s ON o.objectId = s.objectId "
                 + "WHERE qserv_areaspec_circle(1.9, -6.05, 0.1)",
                 "SELECT s.sourceId, s.taiMidPoint FROM Object o JOIN Source s ON o.objectId = s.objectId "
                 + "WHERE scisql_s2PtInCircle(o.ra_PS, o.decl_PS, 1.9, -6.05, 0.1) = 1")
         .pair(c1, "circle restrictor order limit", "SELECT objectId, decl_PS FROM Object WHERE qserv_areaspec_circle(0, -3, 3) ORDER BY decl_PS DESC LIMIT 4",
                 "SELECT objectId, decl_PS FROM Object WHERE scisql_s2PtInCircle(ra_PS, decl_PS, 0, -3, 3) = 1 ORDER BY decl_PS DESC LIMIT 4");

        // ---- case02 and case05: Stripe 82 objects in a small field around (1.3, 3.2)
        for (String c : List.of(c2, c5)) {
            q.same(c, "count", "SELECT COUNT(*) AS OBJ_COUNT FROM {DB}.Object")
             .same(c, "fetch object by id", "SELECT objectId, ra_PS, decl_PS, uFlux_PS FROM {DB}.Object WHERE objectId = 433327840428032")
             .same(c, "fetch source by id", "SELECT sourceId, objectId, ra, decl FROM Source WHERE sourceId = 2867930096075697")
             .pair(c, "cone mag color ellipse", "SELECT COUNT(*) AS OBJ_COUNT FROM {DB}.Object WHERE qserv_areaspec_ellipse(1.3, 3.25, 900, 500, 20) "
                     + "AND scisql_fluxToAbMag(zFlux_PS) BETWEEN 20 AND 24",
                     "SELECT COUNT(*) AS OBJ_COUNT FROM {DB}.Object WHERE scisql_s2PtInEllipse(ra_PS, decl_PS, 1.3, 3.25, 900, 500, 20) = 1 "
                     + "AND scisql_fluxToAbMag(zFlux_PS) BETWEEN 20 AND 24")
             .same(c, "angSep circle count", "SELECT count(*) AS OBJ_COUNT FROM {DB}.Object WHERE scisql_angSep(ra_PS, decl_PS, 1.3, 3.25) < 0.05")
             .same(c, "select interval magnitudes", "SELECT objectId, scisql_fluxToAbMag(gFlux_PS) AS g, scisql_fluxToAbMag(rFlux_PS) AS r FROM {DB}.Object "
                     + "WHERE scisql_fluxToAbMag(gFlux_PS) BETWEEN 21 AND 22")
             .same(c, "color cut", "SELECT objectId, ra_PS, decl_PS, uFlux_PS, gFlux_PS, rFlux_PS, iFlux_PS, zFlux_PS, yFlux_PS FROM {DB}.Object "
                     + "WHERE scisql_fluxToAbMag(iFlux_PS) - scisql_fluxToAbMag(zFlux_PS) > 0.08")
             .same(c, "flux interval", "SELECT objectId FROM {DB}.Object WHERE scisql_fluxToAbMag(uFlux_PS)-scisql_fluxToAbMag(gFlux_PS) < 2.0 "
                     + "AND scisql_fluxToAbMag(gFlux_PS)-scisql_fluxToAbMag(rFlux_PS) < 0.1 "
                     + "AND scisql_fluxToAbMag(rFlux_PS)-scisql_fluxToAbMag(iFlux_PS) > -0.8")
             // These catalogs are sorted by objectId, so MySQL's scan meets the smallest keys first, which is
             // what Skyshard takes for a LIMIT without ORDER BY on a director table. (Not a condition on
             // decl_PS: MySQL would read its index and meet the rows in decl_PS order.)
             .same(c, "limit without order by", "SELECT objectId, ra_PS, decl_PS FROM {DB}.Object WHERE ra_PS > 1.3 LIMIT 7")
             .same(c, "count with color flux", "SELECT count(*) FROM {DB}.Object WHERE gFlux_PS > 1e-30 AND rFlux_PS / gFlux_PS > 1.5")
             .pair(c, "join object source in region", "SELECT o.objectId, s.sourceId, s.ra, s.decl FROM Object o JOIN Source s USING (objectId) "
                     + "WHERE qserv_areaspec_box(1.28, 3.18, 1.32, 3.22)",
                     "SELECT o.objectId, s.sourceId, s.ra, s.decl FROM Object o JOIN Source s USING (objectId) "
                     + "WHERE scisql_s2PtInBox(o.ra_PS, o.decl_PS, 1.28, 3.18, 1.32, 3.22) = 1")
             .same(c, "sources per object", "SELECT objectId, COUNT(*) AS n, MIN(taiMidPoint) AS first FROM Source GROUP BY objectId HAVING COUNT(*) > 8");
        }

        // ---- case03: W13 deep coadds and sources near (55, -0.8); BIT(1) flags
        q.same(c3, "select deep coadd", "SELECT deepCoaddId, tract, patch, filterName, ra, decl FROM DeepCoadd")
         .same(c3, "distinct tract patch filter", "SELECT DISTINCT tract, patch, filterName FROM {DB}.DeepCoadd WHERE tract = 0 AND patch = '159,2' AND filterName = 'r'")
         .same(c3, "coadd poly bytes", "SELECT deepCoaddId, poly FROM DeepCoadd ORDER BY deepCoaddId")
         .same(c3, "bit flags", "SELECT id, flags_negative, flags_badcentroid, flags_pixel_edge FROM RunDeepSource WHERE id < 1398579058967000")
         .same(c3, "bit flag filter", "SELECT COUNT(*) FROM RunDeepSource WHERE flags_pixel_edge = 1")
         .same(c3, "run deep source by id", "SELECT id, coord_ra, coord_decl, flux_psf FROM RunDeepSource WHERE id = 1398582280194457")
         .pair(c3, "run deep source box", "SELECT id, coord_ra, coord_decl FROM RunDeepSource WHERE qserv_areaspec_box(54.9, -1.2, 55.0, -1.0)",
                 "SELECT id, coord_ra, coord_decl FROM RunDeepSource WHERE scisql_s2PtInBox(coord_ra, coord_decl, 54.9, -1.2, 55.0, -1.0) = 1")
         .same(c3, "metadata by exposure", "SELECT metadataKey, intValue, doubleValue, stringValue FROM Science_Ccd_Exposure_Metadata "
                 + "WHERE scienceCcdExposureId = 94110535 ORDER BY metadataKey")
         .same(c3, "metadata string empty", "SELECT COUNT(*) FROM Science_Ccd_Exposure_Metadata WHERE stringValue = ''")
         .same(c3, "ref object stars", "SELECT refObjectId, ra, decl, rMag FROM RefObject WHERE isStar = 1 AND rMag < 18")
         .same(c3, "science ccd exposure by run field", "SELECT scienceCcdExposureId, run, camcol, field, filterName FROM Science_Ccd_Exposure "
                 + "WHERE run = 94 AND camcol = 1 AND field BETWEEN 535 AND 537 AND filterName = 'g'")
         .same(c3, "numbers matched with LIKE", "SELECT scienceCcdExposureId, camcol, field FROM Science_Ccd_Exposure "
                 + "WHERE camcol LIKE '%' AND field LIKE '53_' AND run = 94")
         .same(c3, "double-quoted strings", "SELECT deepCoaddId, patch FROM DeepCoadd WHERE patch = \"159,2\" AND filterName LIKE \"r%\"")
         .same(c3, "casts as MySQL names them", "SELECT scienceCcdExposureId, CAST(fluxMag0 AS SIGNED) AS f, CAST(run AS UNSIGNED) AS r, "
                 + "CAST(camcol AS CHAR) AS c, CAST(ra AS DECIMAL(10, 4)) AS ra4 FROM Science_Ccd_Exposure WHERE field = 535")
         .same(c3, "doubles matched with LIKE", "SELECT COUNT(*) FROM Science_Ccd_Exposure WHERE fluxMag0 NOT LIKE '%.%' OR ra LIKE '5%'")
         .same(c3, "dn to mag", "SELECT scienceCcdExposureId, scisql_dnToAbMag(fluxMag0 / 100, fluxMag0) AS m, "
                 + "scisql_dnToAbMagSigma(fluxMag0 / 100, fluxMag0Sigma, fluxMag0, fluxMag0Sigma) AS e FROM Science_Ccd_Exposure WHERE run = 94");

        // ---- case04: deep sources straddling ra = 0
        q.same(c4, "count deep sources", "SELECT COUNT(*) FROM DeepSource")
         .pair(c4, "box across ra 0", "SELECT deepSourceId, ra, decl FROM DeepSource WHERE qserv_areaspec_box(359.5, -0.5, 0.5, 0.5)",
                 "SELECT deepSourceId, ra, decl FROM DeepSource WHERE scisql_s2PtInBox(ra, decl, 359.5, -0.5, 0.5, 0.5) = 1")
         .pair(c4, "circle across ra 0", "SELECT deepSourceId FROM DeepSource WHERE qserv_areaspec_circle(0, 0, 0.7)",
                 "SELECT deepSourceId FROM DeepSource WHERE scisql_s2PtInCircle(ra, decl, 0, 0, 0.7) = 1")
         .same(c4, "deep coadd replicated", "SELECT deepCoaddId, tract, patch, filterName FROM DeepCoadd WHERE filterName = 'i'")
         .same(c4, "flags tinyint", "SELECT flagNegative, COUNT(*) FROM DeepSource GROUP BY flagNegative")
         .same(c4, "source by id", "SELECT * FROM DeepSource WHERE deepSourceId = 3580021939634857")
         .same(c4, "show columns of a keyed table", "SHOW COLUMNS FROM DeepForcedSource")
         .same(c3, "show columns of a table with indexes", "SHOW COLUMNS FROM RefObject")
         .same(c3, "show columns of a table with a composite key", "SHOW COLUMNS FROM DeepCoadd_Metadata")
         .same(c1, "show columns filtered by WHERE", "SHOW COLUMNS FROM Object WHERE Field LIKE '%flags' AND Field NOT IN ('UFLAGS', 'yFlags')")
         .same(c1, "show columns filtered by type", "SHOW COLUMNS FROM Source WHERE Type = 'double' OR `Null` = 'NO'")
         // bitwise aggregates: unsigned 64-bit, never NULL (no rows: BIT_AND has every bit set)
         .same(c1, "bitwise aggregates per group", "SELECT zFlags % 3 AS k, BIT_OR(flags), BIT_AND(rFlags | 8), BIT_XOR(flags >> 1),"
                 + " COUNT(*) FROM Object GROUP BY k")
         .same(c1, "bitwise aggregates over no rows", "SELECT BIT_AND(flags), BIT_OR(iFlags), BIT_XOR(gFlags) FROM Object WHERE ra_PS > 400")
         .same(c1, "bitwise aggregates of negative values", "SELECT BIT_AND(flags - 1000), BIT_XOR(-flags), BIT_OR(uFlags - gFlags) FROM Object")
         // MySQL's JOIN without ON is a cross join that WHERE joins
         .same(c1, "join without ON joined by WHERE", "SELECT COUNT(*), SUM(s.psfFlux) FROM Source AS s JOIN Object AS o"
                 + " WHERE s.objectId = o.objectId AND o.decl_PS > 0")
         // MariaDB sorts a grouped result by its keys: LIMIT without ORDER BY keeps the first groups
         .same(c1, "group by with limit and no order", "SELECT objectId, COUNT(*) AS n, MIN(taiMidPoint) FROM Source GROUP BY objectId LIMIT 7")
         .same(c1, "group by descending with limit", "SELECT filterId, COUNT(*) FROM Source GROUP BY filterId DESC LIMIT 2")
         // text used as a number is read by its leading number ('1,1' is 1, 'g' is 0)
         .same(c1, "text columns read as numbers", "SELECT scienceCcdExposureId, raftName + 0, ccdName * 2, -raftName, raftName / 4,"
                 + " filterName + 1 FROM Science_Ccd_Exposure ORDER BY scienceCcdExposureId LIMIT 20")
         .same(c1, "sums and bits of text columns", "SELECT filterName, SUM(raftName), AVG(ccdName), BIT_OR(raftName),"
                 + " BIT_XOR(ccdName | 0), COUNT(*) FROM Science_Ccd_Exposure GROUP BY filterName");

        // ---- case03's views over its partitioned tables (Qserv has none: it lists these queries as unsupported)
        q.same(c3, "view lookup", "SELECT deepSourceId, ra, decl, psfFlux FROM DeepSource WHERE deepSourceId IN "
                + "(1398579058966640, 1398579058966681, 1398582280192433)")
         .same(c3, "view joined with a replicated table", "SELECT sce.filterName, sce.tract, sce.patch, s.deepSourceId, s.ra, s.decl, "
                 + "s.x, s.y, s.psfFlux FROM DeepSource AS s, DeepCoadd AS sce WHERE s.deepCoaddId = sce.deepCoaddId "
                 + "AND sce.filterName = 'r' AND sce.tract = 0 AND sce.patch = '159,3'")
         .same(c3, "view aggregate", "SELECT COUNT(*) AS n, AVG(psfFlux) AS f, MIN(ra) AS lo FROM {DB}.DeepSource WHERE decl < 0")
         .same(c3, "view star", "SELECT * FROM DeepSource WHERE deepSourceId = 1398582280192462")
         .same(c3, "view over an empty child table", "SELECT COUNT(*) AS n FROM DeepForcedSource")
         .same(c3, "show columns of a view", "SHOW COLUMNS FROM DeepSource")
         .same(c3, "show columns of a view with a constant", "SHOW COLUMNS FROM DeepForcedSource");

        q.pair(c1, "column named like a keyword", "SELECT offset, mjdRef, drift, whenUtc FROM {DB}.LeapSeconds "
                + "WHERE whenUtc < 39900600000000000000000000 ORDER BY whenUtc DESC LIMIT 1",
                "SELECT `offset`, mjdRef, drift, whenUtc FROM {DB}.LeapSeconds WHERE whenUtc < 39900600000000000000000000 "
                + "ORDER BY whenUtc DESC LIMIT 1");

        // ---- table descriptions (tables without keys: the catalog holds all SHOW COLUMNS shows)
        q.same(c1, "show columns", "SHOW COLUMNS FROM Source")
         .same(c1, "show columns of a director", "SHOW COLUMNS FROM {DB}.Object")
         .same(c1, "describe replicated", "DESCRIBE Filter")
         .same(c1, "desc with column pattern", "DESC SimRefObject '%ra%'")
         .same(c1, "show fields like", "SHOW FIELDS FROM LeapSeconds LIKE 'w%'")
         .same(c3, "show columns from database", "SHOW COLUMNS FROM LeapSeconds FROM {DB}");
        // ---- MySQL semantics found by running Qserv's own integration queries
        String sep = "scisql_angSep(a.ra_PS, a.decl_PS, b.ra_PS, b.decl_PS)";
        // text comparisons under a case-insensitive collation (latin1_swedish_ci)
        q.same(c1, "order by text ignores case", "SELECT sdqa_metricId, metricName FROM sdqa_Metric ORDER BY metricName")
         .same(c1, "min and max of text ignore case", "SELECT MIN(metricName), MAX(metricName) FROM sdqa_Metric")
         .same(c1, "order by text descending with limit", "SELECT metricName FROM sdqa_Metric ORDER BY metricName DESC LIMIT 5");
        q.same(c1, "like ignores case", "SELECT filterId, filterName FROM Filter WHERE filterName LIKE 'G'")
         .same(c1, "not like ignores case", "SELECT * FROM Filter WHERE filterName NOT LIKE 'U%' AND filterName NOT LIKE 'r'")
         .same(c1, "equality ignores case and trailing spaces", "SELECT filterId, filterName FROM Filter WHERE filterName = 'G ' OR filterName = 'R'")
         .same(c1, "in and between ignore case", "SELECT filterId FROM Filter WHERE filterName IN ('U', 'z') OR filterName BETWEEN 'H' AND 'J'")
         .same(c3, "text comparison on a partitioned join", "SELECT COUNT(*) AS n FROM RunDeepSource s JOIN DeepCoadd c "
                 + "ON s.coadd_id = c.deepCoaddId WHERE c.filterName = 'R' AND c.patch <> '159,1'")
         .same(c1, "charset introducer, collation and NAME_CONST", "SELECT sdqa_metricId, metricName FROM sdqa_Metric WHERE metricName "
                 + "= NAME_CONST('m', _latin1'IP.ISR.numSaturatedPixels' COLLATE 'latin1_swedish_ci') OR metricName = _latin1'NHOTPIX' COLLATE latin1_general_ci")
         .same(c1, "string literal columns are named by their value", "SELECT 'abc', objectId FROM Object WHERE objectId = 402391191015221")
         .same(c1, "select options of the optimizer", "SELECT SQL_NO_CACHE HIGH_PRIORITY objectId FROM Object WHERE objectId = 402391191015221")
         .same(c1, "straight join", "SELECT o.objectId, s.sourceId FROM Object o STRAIGHT_JOIN Source s ON s.objectId = o.objectId "
                 + "WHERE o.objectId = 402391191015221")
         .same(c3, "like ignores case on a partitioned table", "SELECT COUNT(*) AS n FROM RunDeepSource s, DeepCoadd c "
                 + "WHERE s.coadd_id = c.deepCoaddId AND c.filterName LIKE 'R'")
         // index hints change nothing but MySQL's choice of index
         .same(c3, "use index hint", "SELECT sce.field, sce.camcol FROM Science_Ccd_Exposure AS sce USE INDEX () WHERE sce.run = 94 AND sce.filterName = 'r'")
         .same(c1, "use key for join hint", "SELECT s.sourceId, o.ra_PS FROM Object o USE KEY FOR JOIN () JOIN Source s "
                 + "ON s.objectId = o.objectId WHERE o.objectId = 402391191015221")
         // an area restrictor restricts every director table of a near-neighbour join
         .pair(c5, "circle restrictor on both sides of a neighbour join", "SELECT a.objectId, b.objectId FROM Object a, Object b "
                 + "WHERE qserv_areaspec_circle(1.3, 3.25, 0.03) AND " + sep + " < 0.005 AND a.objectId <> b.objectId",
                 "SELECT a.objectId, b.objectId FROM Object a, Object b WHERE scisql_s2PtInCircle(a.ra_PS, a.decl_PS, 1.3, 3.25, 0.03) = 1 "
                 + "AND scisql_s2PtInCircle(b.ra_PS, b.decl_PS, 1.3, 3.25, 0.03) = 1 AND " + sep + " < 0.005 AND a.objectId <> b.objectId")
         // joins whose rows lie in different chunks: answered at the czar over gathered tables
         .same(c1, "two objects by key without a join condition", "SELECT a.decl_PS, b.decl_PS, a.objectId < b.objectId AS lt "
                 + "FROM Object a, Object b WHERE a.objectId = 433327840428032 AND b.objectId = 430213989148129")
         .same(c1, "neighbours farther than the overlap", "SELECT a.objectId, b.objectId, ROUND(" + sep + ", 6) AS d FROM Object a, Object b "
                 + "WHERE a.objectId = 402391191015221 AND " + sep + " < 3 AND a.objectId <> b.objectId")
         .pair(c2, "restrictor on a join beyond the overlap", "SELECT COUNT(*) AS n FROM Object a JOIN Object b ON " + sep + " < 0.05 "
                 + "WHERE qserv_areaspec_box(1.29, 3.2, 1.3, 3.21) AND a.objectId < b.objectId",
                 "SELECT COUNT(*) AS n FROM Object a JOIN Object b ON " + sep + " < 0.05 WHERE a.ra_PS BETWEEN 1.29 AND 1.3 "
                 + "AND a.decl_PS BETWEEN 3.2 AND 3.21 AND b.ra_PS BETWEEN 1.29 AND 1.3 AND b.decl_PS BETWEEN 3.2 AND 3.21 "
                 + "AND a.objectId < b.objectId")
         .same(c1, "cross join of a box with a child table, grouped", "SELECT s.filterId, COUNT(*) AS n, COUNT(DISTINCT o.objectId) AS objects "
                 + "FROM Object o, Source s WHERE o.ra_PS BETWEEN 0 AND 1 AND o.decl_PS BETWEEN 0 AND 1 GROUP BY s.filterId")
         .same(c1, "child joined to a director off the key", "SELECT COUNT(*) AS n FROM Object o JOIN Source s ON s.objectId < o.objectId "
                 + "WHERE o.objectId = 390030275138483")
         .same(c1, "outer join beyond the overlap", "SELECT a.objectId, COUNT(b.objectId) AS n FROM Object a LEFT JOIN Object b "
                 + "ON " + sep + " < 0.2 AND a.objectId <> b.objectId WHERE a.decl_PS > 0 GROUP BY a.objectId");

        // joins, and what Qserv refuses but Skyshard answers
        q.cases.addAll(QservJoinQueries.all());
        return List.copyOf(q.cases);
    }
}
