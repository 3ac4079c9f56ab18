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
    record Case(String dataset, String name, String sql, String reference, boolean ordered) {
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
        cases.add(new Case(dataset, name, sql, reference, sql.toUpperCase(Locale.ROOT).contains("ORDER BY")));
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
         .same(c1, "order by limit", "SELECT objectId, ra_PS FROM Object ORDER BY ra_PS DESC LIMIT 5")
         .same(c1, "chunk-local join count", "SELECT COUNT(*) FROM Object o, Source s WHERE o.objectId = s.objectId")
         .same(c1, "iauId char column", "SELECT objectId, iauId FROM Object WHERE iauId IS NOT NULL")
         .same(c1, "float columns stay float", "SELECT objectId, ra_PS_Sigma, decl_PS_Sigma, radecl_PS_Cov, uVarProb FROM Object")
         .same(c1, "tinyint and smallint", "SELECT objectId, canonicalFilterId, extendedness, uExtendedness FROM Object");

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
         .same(c4, "source by id", "SELECT * FROM DeepSource WHERE deepSourceId = 3580021939634857");
        return List.copyOf(q.cases);
    }
}
