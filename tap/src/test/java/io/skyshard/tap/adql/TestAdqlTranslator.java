package io.skyshard.tap.adql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.QueryPlanner;
import io.skyshard.sql.analysis.AnalysisContext;
import io.skyshard.tap.TapErrorCode;
import io.skyshard.tap.TestCatalog;
import io.skyshard.tap.schema.TapMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ADQL in, Qserv-dialect SQL out; every output is also planned by the czar's planner. */
class TestAdqlTranslator {
    private static final TapTable UPLOAD = new TapTable(TapMetadata.TAP_UPLOAD, "pos", TapTable.Source.UPLOAD, "upload",
            List.of(new TapColumn("ra", ColumnType.DOUBLE, true, "deg", null, null, null, true, false, null),
                    new TapColumn("dec", ColumnType.DOUBLE, true, "deg", null, null, null, true, false, null),
                    new TapColumn("id", ColumnType.BIGINT, true, null, null, null, null, true, false, null)),
            null, "tap_upload_x_pos", new TableDef("demo", "tap_upload_x_pos", TableKind.REPLICATED, List.of(
                    ColumnDef.of("ra", ColumnType.DOUBLE), ColumnDef.of("dec", ColumnType.DOUBLE),
                    ColumnDef.of("id", ColumnType.BIGINT)), null, null, null, null));

    private final TapMetadata metadata = TapMetadata.of(TestCatalog.snapshot()).withUploads(List.of(UPLOAD));
    private final AdqlTranslator translator = new AdqlTranslator(metadata);

    private TranslatedQuery translate(String adql) {
        return translator.translate(adql, 100);
    }

    /** The translated SQL on one line, after checking the planner accepts it. */
    private String sql(String adql) {
        TranslatedQuery q = translate(adql);
        var catalog = new io.skyshard.common.catalog.CatalogOverlay(TestCatalog.snapshot(), List.of(),
                List.of(UPLOAD.definition()));
        new QueryPlanner().plan(q.sql(), q.database(), catalog, (db, t, keys) -> Map.of());
        return q.sql().replace('\n', ' ');
    }

    private AnalysisContext analysis(String adql) {
        TranslatedQuery q = translate(adql);
        return new QueryPlanner().analyze(q.sql(), q.database(), TestCatalog.snapshot(), (db, t, keys) -> Map.of());
    }

    private static void fails(TapErrorCode code, String adql, String... fragments) {
        AdqlTranslator t = new AdqlTranslator(TapMetadata.of(TestCatalog.snapshot()));
        assertThatThrownBy(() -> t.translate(adql, 100))
                .isInstanceOf(SkyshardException.class)
                .satisfies(e -> assertThat(((SkyshardException) e).code()).isEqualTo(code))
                .hasMessageContainingAll(fragments);
    }

    // ---- translations ---------------------------------------------------------------------------

    @Test
    void topBecomesLimitAndNamesAreQuoted() {
        assertThat(sql("SELECT TOP 5 objectId, size FROM demo.Object"))
                .isEqualTo("SELECT `Object`.`objectId` AS `objectId`, `Object`.`size` AS `size` FROM `demo`.`Object` AS `Object` LIMIT 5");
    }

    @Test
    void maxrecLimitsAndAsksOneMoreRowToDetectOverflow() {
        TranslatedQuery q = translate("SELECT objectId FROM demo.Object");
        assertThat(q.sql()).endsWith("LIMIT 101");
        assertThat(q.mayOverflow()).isTrue();
        TranslatedQuery top = translate("SELECT TOP 1000 objectId FROM demo.Object");
        assertThat(top.sql()).endsWith("LIMIT 101");
        // MAXREC=0: one row is still asked for, to know whether the empty answer overflowed
        TranslatedQuery zero = translator.translate("SELECT objectId FROM demo.Object", 0);
        assertThat(zero.sql()).endsWith("LIMIT 1");
        assertThat(zero.mayOverflow()).isTrue();
        TranslatedQuery topZero = translator.translate("SELECT TOP 0 objectId FROM demo.Object", 0);
        assertThat(topZero.sql()).endsWith("LIMIT 0");
        assertThat(topZero.mayOverflow()).isFalse();
    }

    @Test
    void offsetAndOrderBy() {
        assertThat(sql("SELECT TOP 10 objectId FROM demo.Object ORDER BY coord_ra DESC, objectId OFFSET 20"))
                .isEqualTo("SELECT `Object`.`objectId` AS `objectId` FROM `demo`.`Object` AS `Object`"
                        + " ORDER BY `Object`.`coord_ra` DESC, 1 LIMIT 10 OFFSET 20");
    }

    @Test
    void reservedInSqlButNotInAdqlIdentifiers() {
        assertThat(sql("SELECT s.dec, \"dec\", s.ra FROM demo.Source AS s WHERE dec > 0"))
                .isEqualTo("SELECT `s`.`dec` AS `dec`, `s`.`dec` AS `dec_2`, `s`.`ra` AS `ra` FROM `demo`.`Source` AS `s`"
                        + " WHERE `s`.`dec` > 0 LIMIT 101");
    }

    @Test
    void starExpandsToPublishedColumnsWithMetadata() {
        TranslatedQuery q = translate("SELECT * FROM demo.Object");
        assertThat(q.columns()).extracting(OutputColumn::name)
                .containsExactly("objectId", "coord_ra", "coord_dec", "g_psfFlux", "r_psfFlux", "size");
        assertThat(q.columns().get(1).unit()).isEqualTo("deg");
        assertThat(q.columns().get(1).ucd()).isEqualTo("pos.eq.ra;meta.main");
    }

    @Test
    void distinctGroupByHavingAndAggregates() {
        assertThat(sql("SELECT band, COUNT(*) AS n, AVG(psfFlux), MAX(DISTINCT ra) FROM demo.Source GROUP BY band"
                + " HAVING COUNT(*) > 2 ORDER BY n"))
                .isEqualTo("SELECT `Source`.`band` AS `band`, COUNT(*) AS `n`, AVG(`Source`.`psfFlux`) AS `avg`,"
                        + " MAX(DISTINCT `Source`.`ra`) AS `max` FROM `demo`.`Source` AS `Source` GROUP BY `Source`.`band`"
                        + " HAVING COUNT(*) > 2 ORDER BY 2 LIMIT 101");
        assertThat(sql("SELECT DISTINCT band FROM demo.Source"))
                .isEqualTo("SELECT DISTINCT `Source`.`band` AS `band` FROM `demo`.`Source` AS `Source` LIMIT 101");
    }

    @Test
    void stringFunctionsConcatIlikeCastCoalesce() {
        assertThat(sql("SELECT band || '-' || LOWER(band), CAST(psfFlux AS INTEGER), COALESCE(psfFlux, 0)"
                + " FROM demo.Source WHERE band ILIKE 'G%' AND UPPER(band) NOT LIKE 'X'"))
                .isEqualTo("SELECT CONCAT(CONCAT(`Source`.`band`, '-'), LOWER(`Source`.`band`)) AS `expr`,"
                        + " CAST(`Source`.`psfFlux` AS INTEGER) AS `expr_2`, COALESCE(`Source`.`psfFlux`, 0) AS `coalesce`"
                        + " FROM `demo`.`Source` AS `Source` WHERE LOWER(`Source`.`band`) LIKE LOWER('G%')"
                        + " AND CAST(UPPER(`Source`.`band`) AS `BINARY`) NOT LIKE 'X' LIMIT 101");
    }

    @Test
    void mathFunctions() {
        assertThat(sql("SELECT ABS(ra), CEILING(ra), FLOOR(ra), LOG(ra), LOG10(ra), MOD(sourceId, 3), PI(), POWER(ra, 2),"
                + " SQRT(ra), ROUND(ra, 2), TRUNCATE(ra), SIN(ra), ATAN2(ra, dec), DEGREES(RADIANS(ra)), EXP(0) FROM demo.Source"))
                .contains("ABS(`Source`.`ra`)", "CEIL(`Source`.`ra`)", "FLOOR(`Source`.`ra`)", "LOG(`Source`.`ra`)",
                        "MOD(`Source`.`sourceId`, 3)", "PI()", "TRUNCATE(`Source`.`ra`, 0)", "ATAN2(`Source`.`ra`, `Source`.`dec`)");
    }

    @Test
    void inUnitConvertsKnownUnits() {
        assertThat(sql("SELECT IN_UNIT(coord_ra, 'arcsec') FROM demo.Object"))
                .isEqualTo("SELECT `Object`.`coord_ra` * 3600.0 AS `in_unit` FROM `demo`.`Object` AS `Object` LIMIT 101");
        assertThat(translate("SELECT IN_UNIT(coord_ra, 'arcsec') FROM demo.Object").columns().get(0).unit()).isEqualTo("arcsec");
    }

    @Test
    void joinsOnAndUsing() {
        assertThat(sql("SELECT o.objectId, s.sourceId FROM demo.Object o JOIN demo.Source s ON s.objectId = o.objectId"))
                .isEqualTo("SELECT `o`.`objectId` AS `objectId`, `s`.`sourceId` AS `sourceId` FROM `demo`.`Object` AS `o`"
                        + " INNER JOIN `demo`.`Source` AS `s` ON `s`.`objectId` = `o`.`objectId` LIMIT 101");
        assertThat(sql("SELECT band, filterName FROM demo.Source LEFT OUTER JOIN demo.Filter USING (band)"))
                .isEqualTo("SELECT `Source`.`band` AS `band`, `Filter`.`filterName` AS `filterName` FROM `demo`.`Source` AS `Source`"
                        + " LEFT JOIN `demo`.`Filter` AS `Filter` USING (`band`) LIMIT 101");
        assertThat(translate("SELECT * FROM demo.Source JOIN demo.Filter USING (band)").columns()).extracting(OutputColumn::name)
                .containsExactly("sourceId", "objectId", "band", "ra", "dec", "psfFlux", "filterName");
    }

    @Test
    void coneOnDirectorPositionBecomesAreaspecAndPrunes() {
        String adql = "SELECT objectId FROM demo.Object WHERE 1 = CONTAINS(POINT('ICRS', coord_ra, coord_dec),"
                + " CIRCLE('ICRS', 10, 20, 0.5))";
        assertThat(sql(adql)).isEqualTo("SELECT `Object`.`objectId` AS `objectId` FROM `demo`.`Object` AS `Object`"
                + " WHERE QSERV_AREASPEC_CIRCLE(10, 20, 0.5) LIMIT 101");
        assertThat(analysis(adql).chunkRestriction).isNotNull().isNotEmpty();
        // ADQL 2.1 forms without coordinate system and with a POINT centre
        assertThat(sql("SELECT objectId FROM demo.Object WHERE CONTAINS(POINT(coord_ra, coord_dec), CIRCLE(POINT(10, 20), 0.5)) = 1"))
                .contains("QSERV_AREASPEC_CIRCLE(10, 20, 0.5)");
        assertThat(sql("SELECT objectId FROM demo.Object WHERE INTERSECTS(CIRCLE('ICRS', 10, 20, 0.5), POINT('ICRS', coord_ra, coord_dec)) = 1"))
                .contains("QSERV_AREASPEC_CIRCLE(10, 20, 0.5)");
    }

    @Test
    void boxIsCentreAndSize() {
        String adql = "SELECT objectId FROM demo.Object WHERE CONTAINS(POINT('ICRS', coord_ra, coord_dec), BOX('ICRS', 10, 20, 2, 1)) = 1";
        assertThat(sql(adql)).contains("QSERV_AREASPEC_BOX(9.0, 19.5, 11.0, 20.5)");
        assertThat(analysis(adql).chunkRestriction).isNotEmpty();
        assertThat(sql("SELECT CONTAINS(POINT('ICRS', coord_ra, coord_dec), BOX('ICRS', 10, 20, 2, 1)) FROM demo.Object"))
                .contains("SCISQL_S2PTINBOX(`Object`.`coord_ra`, `Object`.`coord_dec`, 9.0, 19.5, 11.0, 20.5)");
    }

    @Test
    void polygonAndDistanceKeepTheirPredicateAndGainABoundingRestrictor() {
        String poly = sql("SELECT objectId FROM demo.Object WHERE 1 = CONTAINS(POINT('ICRS', coord_ra, coord_dec),"
                + " POLYGON('ICRS', 10, 10, 11, 10, 11, 11, 10, 11))");
        assertThat(poly).contains("QSERV_AREASPEC_CIRCLE(", "CASE WHEN", "THEN 1 ELSE 0 END = 1");
        String dist = sql("SELECT objectId FROM demo.Object WHERE DISTANCE(POINT('ICRS', coord_ra, coord_dec), POINT('ICRS', 1, 2)) < 0.5");
        assertThat(dist).contains("QSERV_AREASPEC_CIRCLE(1.0, 2.0, 0.5) AND SCISQL_ANGSEP(`Object`.`coord_ra`, `Object`.`coord_dec`, 1, 2) < 0.5");
        assertThat(sql("SELECT objectId FROM demo.Object WHERE 0.5 > DISTANCE(coord_ra, coord_dec, 1, 2)"))
                .contains("QSERV_AREASPEC_CIRCLE(1.0, 2.0, 0.5)");
    }

    @Test
    void spatialPredicatesOutsideDirectorPositionsStayPlainFilters() {
        // Source positions do not decide where rows live: no restrictor, only the predicate
        assertThat(sql("SELECT sourceId FROM demo.Source WHERE CONTAINS(POINT(ra, dec), CIRCLE(10, 20, 1)) = 1"))
                .isEqualTo("SELECT `Source`.`sourceId` AS `sourceId` FROM `demo`.`Source` AS `Source`"
                        + " WHERE SCISQL_S2PTINCIRCLE(`Source`.`ra`, `Source`.`dec`, 10, 20, 1) = 1 LIMIT 101");
        assertThat(sql("SELECT objectId FROM demo.Object WHERE CONTAINS(POINT(coord_ra, coord_dec), CIRCLE(10, 20, 1)) = 0"))
                .contains("SCISQL_S2PTINCIRCLE(`Object`.`coord_ra`, `Object`.`coord_dec`, 10, 20, 1) = 0");
    }

    @Test
    void coordinatesDistanceAndArea() {
        assertThat(sql("SELECT COORD1(POINT('ICRS', ra, dec)), COORD2(POINT('ICRS', ra, dec)), DISTANCE(POINT(ra, dec), POINT(0, 0)),"
                + " AREA(CIRCLE(0, 0, 1)), AREA(BOX(0, 0, 2, 2)) FROM demo.Source"))
                .contains("`Source`.`ra` AS `coord1`", "`Source`.`dec` AS `coord2`", "SCISQL_ANGSEP(`Source`.`ra`, `Source`.`dec`, 0, 0) AS `distance`");
        TranslatedQuery q = translate("SELECT AREA(CIRCLE(0, 0, 1)) AS a, AREA(POLYGON(0, 0, 1, 0, 1, 1, 0, 1)) AS p FROM demo.Object");
        assertThat(q.columns().get(0).unit()).isEqualTo("deg**2");
        // a 1-degree cone is pi square degrees to 1e-4; the 1x1 degree square near the equator is ~1 square degree
        double circle = Double.parseDouble(q.sql().replace('\n', ' ').replaceAll(".*SELECT ([0-9.E-]+) AS `a`.*", "$1"));
        assertThat(circle).isCloseTo(Math.PI, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void uploadsJoinTheQueryDatabaseUnderTheirGeneratedName() {
        TranslatedQuery q = translate("SELECT u.id, o.objectId FROM TAP_UPLOAD.pos AS u JOIN demo.Object AS o"
                + " ON DISTANCE(POINT(u.ra, u.dec), POINT(o.coord_ra, o.coord_dec)) < 0.01");
        assertThat(q.uploads()).containsExactly(UPLOAD);
        assertThat(q.database()).isEqualTo("demo");
        assertThat(sql(q.adql())).isEqualTo("SELECT `u`.`id` AS `id`, `o`.`objectId` AS `objectId` FROM `TAP_UPLOAD`.`pos`"
                .replace("`TAP_UPLOAD`.`pos`", "`demo`.`tap_upload_x_pos`") + " AS `u` INNER JOIN `demo`.`Object` AS `o`"
                + " ON SCISQL_ANGSEP(`u`.`ra`, `u`.`dec`, `o`.`coord_ra`, `o`.`coord_dec`) < 0.01 LIMIT 101");
    }

    @Test
    void crossMatchConditionsBindingTheDirectorToUploadedPositionsAreFound() {
        String from = " FROM TAP_UPLOAD.pos AS u JOIN demo.Object AS o ON ";
        String p = "POINT(u.ra, u.dec)";
        String o = "POINT('ICRS', o.coord_ra, o.coord_dec)";
        for (String condition : List.of("DISTANCE(" + p + ", " + o + ") < 1.0 / 3600",
                "DISTANCE(" + o + ", " + p + ") <= 1.0 / 3600",
                "1.0 / 3600 > DISTANCE(u.ra, u.dec, o.coord_ra, o.coord_dec)",
                "CONTAINS(" + o + ", CIRCLE(u.ra, u.dec, 1.0 / 3600)) = 1",
                "1 = CONTAINS(" + p + ", CIRCLE(o.coord_ra, o.coord_dec, 0.5 / 1800))",
                "INTERSECTS(CIRCLE(u.ra, u.dec, 1.0 / 3600), " + o + ") = 1",
                "u.id > 0 AND (DISTANCE(" + p + ", " + o + ") < 2.0 / 3600 AND DISTANCE(" + p + ", " + o + ") < 1.0 / 3600)")) {
            TranslatedQuery q = translate("SELECT u.id, o.objectId" + from + condition);
            assertThat(q.uploadMatch()).as(condition).isNotNull();
            assertThat(q.uploadMatch().upload()).isEqualTo(UPLOAD);
            assertThat(List.of(q.uploadMatch().raColumn(), q.uploadMatch().decColumn())).isEqualTo(List.of("ra", "dec"));
            assertThat(q.uploadMatch().radiusDeg()).as(condition).isCloseTo(1.0 / 3600, org.assertj.core.data.Offset.offset(1e-15));
            sql(q.adql());
        }
        // in WHERE of a comma join, and with a child table (its rows live in their director's chunk)
        assertThat(translate("SELECT u.id, s.sourceId FROM TAP_UPLOAD.pos AS u, demo.Object AS o JOIN demo.Source AS s"
                + " ON s.objectId = o.objectId WHERE DISTANCE(" + p + ", " + o + ") < 0.01").uploadMatch()).isNotNull();
        // not bound: an OR, a radius that is not constant, an outer join, a cone around a constant, no director position
        for (String adql : List.of("SELECT u.id" + from + "DISTANCE(" + p + ", " + o + ") < 0.01 OR u.id = 1",
                "SELECT u.id" + from + "DISTANCE(" + p + ", " + o + ") < u.id / 3600.0",
                "SELECT u.id FROM TAP_UPLOAD.pos AS u LEFT JOIN demo.Object AS o ON DISTANCE(" + p + ", " + o + ") < 0.01",
                "SELECT u.id" + from + "DISTANCE(POINT(10, 20), " + o + ") < 0.01",
                "SELECT u.id" + from + "DISTANCE(" + p + ", POINT(o.coord_dec, o.coord_ra)) < 0.01")) {
            assertThat(translate(adql).uploadMatch()).as(adql).isNull();
        }
    }

    @Test
    void constantArithmeticInRegionsIsFoldedForChunkPruning() {
        assertThat(sql("SELECT objectId FROM demo.Object WHERE CONTAINS(POINT(coord_ra, coord_dec), CIRCLE(10, 20, 3.0 / 3600)) = 1"))
                .contains("QSERV_AREASPEC_CIRCLE(10, 20, 0.0008333333333333334)");
        assertThat(sql("SELECT objectId FROM demo.Object WHERE DISTANCE(POINT(coord_ra, coord_dec), POINT(10, -20 + 1)) < 1.0 / 60"))
                .contains("QSERV_AREASPEC_CIRCLE(10.0, - 19.0, 0.016666666666666666)", "< 1.0 / 60");
    }

    @Test
    void tapSchemaQueriesRunLocally() {
        TranslatedQuery q = translate("SELECT column_name, \"size\" FROM TAP_SCHEMA.columns WHERE table_name = 'demo.Object'");
        assertThat(q.target()).isEqualTo(TapTable.Source.TAP_SCHEMA);
        assertThat(q.sql()).contains("`TAP_SCHEMA`.`columns` AS `columns`", "`columns`.`size` AS `size`");
    }

    // ---- errors -------------------------------------------------------------------------------------

    @Test
    void syntaxErrorsNameLineAndColumn() {
        fails(TapErrorCode.ADQL_SYNTAX, "SELECT objectId FROM demo.Object WHERE (objectId > ", "line 1", "column");
        fails(TapErrorCode.ADQL_SYNTAX, "SELEC objectId FROM demo.Object", "ADQL syntax error");
        fails(TapErrorCode.INVALID_PARAMETER, "   ", "QUERY is empty");
        fails(TapErrorCode.ADQL_SYNTAX, "DELETE FROM demo.Object", "SELECT");
    }

    @Test
    void unknownAndAmbiguousNames() {
        fails(TapErrorCode.UNKNOWN_TABLE, "SELECT * FROM demo.Nope", "Table 'demo.Nope' does not exist");
        fails(TapErrorCode.UNKNOWN_TABLE, "SELECT * FROM nope.Object", "does not exist");
        fails(TapErrorCode.UNKNOWN_COLUMN, "SELECT nope FROM demo.Object", "Column 'nope' does not exist", "line 1, column 8");
        fails(TapErrorCode.UNKNOWN_COLUMN, "SELECT o.nope FROM demo.Object o", "does not exist in table demo.Object");
        fails(TapErrorCode.AMBIGUOUS_NAME, "SELECT objectId FROM demo.Object o JOIN demo.Source s ON s.objectId = o.objectId",
                "ambiguous");
        fails(TapErrorCode.UNKNOWN_TABLE, "SELECT Object.objectId FROM demo.Object o", "must be referred to by its alias");
        fails(TapErrorCode.AMBIGUOUS_NAME, "SELECT * FROM demo.Object, demo.Object", "appears twice");
    }

    @Test
    void unsupportedConstructsAreNamed() {
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT objectId FROM demo.Object UNION SELECT objectId FROM demo.Object", "UNION");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "WITH t AS (SELECT objectId FROM demo.Object) SELECT * FROM t", "WITH");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT * FROM (SELECT objectId FROM demo.Object) AS t", "subqueries in FROM");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT objectId FROM demo.Object WHERE objectId IN (SELECT objectId FROM demo.Source)",
                "IN with a subquery");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT objectId FROM demo.Object WHERE EXISTS (SELECT 1 FROM demo.Source)", "EXISTS");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT ROW_NUMBER() OVER (ORDER BY objectId) FROM demo.Object", "window functions");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT objectId FROM demo.Object LIMIT 5", "LIMIT", "TOP");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT * FROM demo.Source NATURAL JOIN demo.Filter", "NATURAL JOIN");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT ~objectId FROM demo.Object", "bitwise");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT RAND() FROM demo.Object", "RAND");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT objectId FROM demo.Object WHERE CONTAINS(POINT(coord_ra, coord_dec),"
                + " REGION('Circle ICRS 1 2 3')) = 1", "REGION");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT nope(objectId) FROM demo.Object", "unknown function nope");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT column_name FROM TAP_SCHEMA.columns JOIN demo.Object ON 1 = 1",
                "TAP_SCHEMA tables with catalog");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT objectId FROM demo.Object ORDER BY objectId NULLS FIRST", "NULLS FIRST");
    }

    @Test
    void geometryErrors() {
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT objectId FROM demo.Object WHERE CONTAINS(POINT('GALACTIC', coord_ra, coord_dec),"
                + " CIRCLE('GALACTIC', 1, 2, 3)) = 1", "coordinate system 'GALACTIC' is not supported");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT objectId FROM demo.Object WHERE CONTAINS(POINT(coord_ra, coord_dec),"
                + " CIRCLE(1, 2, 200)) = 1", "radius must be in [0, 180]");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT objectId FROM demo.Object WHERE CONTAINS(POINT(coord_ra, coord_dec),"
                + " CIRCLE(1, 95, 1)) = 1", "declination must be in [-90, 90]");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT objectId FROM demo.Object WHERE CONTAINS(POINT(coord_ra, coord_dec),"
                + " POLYGON(0, 0, 2, 0, 1, 0.2, 2, 2, 0, 2)) = 1", "convex");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT objectId FROM demo.Object WHERE CONTAINS(CIRCLE(1, 2, 1), CIRCLE(1, 2, 3)) = 1",
                "two regions");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT POINT('ICRS', coord_ra, coord_dec) FROM demo.Object", "POINT as a value");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT COORD1(CIRCLE(1, 2, 3)) FROM demo.Object", "expects a POINT");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT DISTANCE(1, 2, 3) FROM demo.Object", "DISTANCE takes 2 arguments");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT AREA(POLYGON(1, 2, 3, 4)) FROM demo.Object", "at least 3 vertices");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT AREA(POLYGON(1, 2, 3)) FROM demo.Object", "pairs");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT CONTAINS(1, CIRCLE(1, 2, 3)) FROM demo.Object", "expects a geometry");
    }

    @Test
    void argumentErrors() {
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT SQRT(ra, dec) FROM demo.Source", "SQRT takes 1 arguments, got 2");
        fails(TapErrorCode.ADQL_UNSUPPORTED, "SELECT CAST(ra AS BLOB) FROM demo.Source", "CAST to BLOB");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT TOP -1 ra FROM demo.Source", "TOP");
        fails(TapErrorCode.ADQL_SYNTAX, "SELECT ra FROM demo.Source WHERE COUNT(*) > 1", "not allowed in WHERE");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT IN_UNIT(psfFlux, 'deg') FROM demo.Source", "cannot convert nJy into deg");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT IN_UNIT(sourceId, 'deg') FROM demo.Source", "has no unit");
        fails(TapErrorCode.INVALID_ARGUMENT, "SELECT ra FROM demo.Source ORDER BY 3", "ORDER BY position 3");
        fails(TapErrorCode.ADQL_SYNTAX, "SELECT SUM(*) FROM demo.Source", "only COUNT(*)");
    }

    // ---- delimited identifiers, nesting, error positions ----------------------------------------

    @Test
    void delimitedIdentifiersAreCaseSensitiveRegularOnesAreNot() {
        assertThat(sql("SELECT TOP 1 \"coord_ra\" FROM demo.\"Object\""))
                .isEqualTo("SELECT `Object`.`coord_ra` AS `coord_ra` FROM `demo`.`Object` AS `Object` LIMIT 1");
        assertThat(sql("SELECT TOP 1 COORD_RA FROM DEMO.OBJECT")).contains("`Object`.`coord_ra` AS `coord_ra`");
        assertThat(sql("SELECT TOP 1 \"Object\".\"objectId\" FROM demo.Object")).contains("`Object`.`objectId`");
        assertThat(sql("SELECT TOP 1 o.\"size\" FROM demo.Object AS o")).contains("`o`.`size`");
        assertThat(sql("SELECT TOP 1 \"o\".objectId FROM demo.Object AS o")).contains("`o`.`objectId`");
        fails(TapErrorCode.UNKNOWN_COLUMN, "SELECT \"COORD_RA\" FROM demo.Object", "Column \"COORD_RA\" does not exist",
                "delimited identifiers are case sensitive: the column is coord_ra", "line 1, column 8");
        fails(TapErrorCode.UNKNOWN_COLUMN, "SELECT o.\"ObjectId\" FROM demo.Object AS o", "Column \"ObjectId\" does not exist",
                "the column is objectId");
        fails(TapErrorCode.UNKNOWN_TABLE, "SELECT objectId FROM demo.\"object\"", "Table 'demo.object' does not exist",
                "delimited identifiers are case sensitive: the table is demo.\"Object\"");
        fails(TapErrorCode.UNKNOWN_TABLE, "SELECT objectId FROM \"DEMO\".Object", "does not exist");
        fails(TapErrorCode.UNKNOWN_TABLE, "SELECT \"object\".objectId FROM demo.Object", "'object' is not a table of the FROM clause");
    }

    @Test
    void deeplyNestedAdqlIsRefusedWithTheLimit() {
        String deep = "(".repeat(5000) + "1=1" + ")".repeat(5000);
        assertThatThrownBy(() -> translate("SELECT objectId FROM demo.Object WHERE " + deep))
                .isInstanceOfSatisfying(SkyshardException.class, e -> assertThat(e.code())
                        .isEqualTo(io.skyshard.sql.SqlErrorCode.NESTED_TOO_DEEPLY))
                .hasMessageContainingAll("nested too deeply", "at most 200", "line 1, column 240");
        String nots = "NOT ".repeat(5000) + "1=1";
        assertThatThrownBy(() -> translate("SELECT objectId FROM demo.Object WHERE " + nots))
                .isInstanceOf(SkyshardException.class);
    }

    @Test
    void plannerErrorsOnTheTranslatedSqlAreShownAtTheirAdqlPosition() {
        String adql = "SELECT\n   objectId, COUNT(*) AS n\nFROM demo.Object";
        TranslatedQuery q = translate(adql);
        // the planner refuses the ungrouped column at its place in the translated SQL (line 1)...
        assertThatThrownBy(() -> new QueryPlanner().plan(q.sql(), q.database(), TestCatalog.snapshot(), (db, t, keys) -> Map.of()))
                .isInstanceOfSatisfying(SkyshardException.class, e -> {
                    assertThat(e.getMessage()).contains("line 1, column 8");
                    // ...which is line 2, column 4 of what the client wrote
                    assertThat(q.positions().rewrite(e.getMessage()))
                            .contains("neither in GROUP BY", "line 2, column 4 of the ADQL query")
                            .doesNotContain("line 1, column 8");
                });
        String having = "SELECT TOP 5 objectId\nFROM demo.Object\nGROUP BY objectId\nHAVING coord_ra > 1";
        TranslatedQuery h = translate(having);
        assertThatThrownBy(() -> new QueryPlanner().plan(h.sql(), h.database(), TestCatalog.snapshot(), (db, t, keys) -> Map.of()))
                .isInstanceOfSatisfying(SkyshardException.class, e ->
                        assertThat(h.positions().rewrite(e.getMessage())).contains("line 4, column 8 of the ADQL query"));
        // a position with no known ADQL origin is not guessed
        assertThat(q.positions().rewrite("something at line 7, column 99")).isNull();
        assertThat(q.positions().rewrite("no position")).isNull();
    }
}
