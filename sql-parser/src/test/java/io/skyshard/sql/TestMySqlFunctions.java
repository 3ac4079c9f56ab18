package io.skyshard.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.sql.plan.LocalPlan;
import io.skyshard.sql.plan.QueryPlan;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MySQL functions and operators translated to DuckDB must give MySQL's value, including at the
 * edges where the two differ (NULL arguments, division by zero, values outside a domain). The
 * expected values are MySQL's answers, recorded by running {@code SELECT <expression>} on
 * MariaDB; each expression is planned and its translation run on DuckDB. The sciSQL functions are
 * checked the same way against sciSQL's documented answers.
 */
class TestMySqlFunctions {
    /** {@code expression => MySQL's value} (nothing after the arrow: the empty string). */
    private static final String MYSQL_ANSWERS = """
            7 % 0 => NULL
            7 / 2 => 3.5000
            (1 < 2) + 1 => 2
            (1 > 2) * 5 - (3 = 3) => -1
            (2 BETWEEN 1 AND 3) / 2 => 0.5000
            -(1 IN (1, 2)) => -1
            1 / 3 => 0.3333
            -2 / 3 => -0.6667
            1 / 7 + 1 => 1.1429
            (1 / 3) * 3 => 1.0000
            1.25 / 3 => 0.416667
            1 / 0 => NULL
            1.5 / 0 => NULL
            2.5e0 / 0 => NULL
            1 / 3e0 => 0.3333333333333333
            -7 % 3 => -1
            7 MOD -3 => 1
            -7.5 % 2 => -1.5
            MOD(7.5e0, 0) => NULL
            MOD(-7.5e0, 2) => -1.5
            -7 DIV 2 => -3
            7 DIV -2 => -3
            -7.5 DIV 2 => -3
            10 DIV 3.3 => 3
            7 DIV 0 => NULL
            1 + 7 DIV 2 * 3 => 10
            9 DIV 2 DIV 2 => 2
            9223372036854775807 DIV 2 => 4611686018427387903
            GREATEST(1, NULL, 3) => NULL
            LEAST(2, 1.5) => 1.5
            GREATEST(2, 5, 3) => 5
            LEAST(4, NULL) => NULL
            LOG(2, 8) => 3
            LOG(1, 8) => NULL
            LOG(-2, 8) => NULL
            LOG(0) => NULL
            LN(-1) => NULL
            LOG2(8) => 3
            LOG10(-1) => NULL
            LOG10(1000) => 3
            LOG(EXP(2)) => 2
            SQRT(-1) => NULL
            SQRT(16) => 4
            ASIN(2) => NULL
            ACOS(1) => 0
            POW(2, 10) => 1024
            POWER(2, 0.5) => 1.4142135623730951
            EXP(1) => 2.718281828459045
            PI() => 3.141593
            SIGN(-3.2) => -1
            TRUNCATE(1.27, 1) => 1.2
            TRUNCATE(-1.27, 1) => -1.2
            TRUNCATE(127, -1) => 120
            ROUND(1.25, 1) => 1.3
            ROUND(-2.5) => -3
            ROUND(2.5e0) => 2
            ROUND(3.5e0) => 4
            ROUND(-2.5e0) => -2
            ROUND(0.125e0, 2) => 0.12
            ROUND(2.675e0, 2) => 2.68
            ROUND(1234.5e0, -1) => 1230
            ROUND(8.345e0, 2) => 8.35
            ROUND(8.355e0, 2) => 8.36
            ROUND(0.295e0, 2) => 0.3
            ROUND(1.005e0, 2) => 1
            ROUND(18.4445e0, 3) => 18.444
            ROUND(155e0, -1) => 160
            ROUND(123.456e0, -400) => 0
            IF(1 > 2, 'a', 'b') => b
            IF(NULL, 1, 2) => 2
            IFNULL(NULL, 5) => 5
            NULLIF(3, 3) => NULL
            NULLIF(3, 4) => 3
            CONCAT('a', NULL) => NULL
            CONCAT('a', 'b', 'c') => abc
            LENGTH('héllo') => 6
            CHAR_LENGTH('héllo') => 5
            UPPER('abc') => ABC
            LCASE('ABC') => abc
            SUBSTRING('hello', 2, 3) => ell
            SUBSTRING('hello', 0, 2) =>
            SUBSTRING('hello', -3, 2) => ll
            SUBSTRING('hello', 10) =>
            SUBSTRING('hello', -10, 2) =>
            SUBSTRING('hello', 2, -1) =>
            SUBSTRING('hello' FROM 2 FOR 2) => el
            SUBSTR('hello', 2) => ello
            MID('hello', 2, 2) => el
            SUBSTRING(NULL, 0) => NULL
            ABS(-2) => 2
            FLOOR(-1.2) => -2
            FLOOR(-7 / 2) => -4
            CEIL(-7 / 2) => -3
            FLOOR(7 / 2) => 3
            CEIL(7 / 2) => 4
            FLOOR(7 / 0) => NULL
            FLOOR(8647474690358511234 / 100) => 86474746903585112
            CEIL(-8647474690358511235 / 100) => -86474746903585112
            FLOOR(7.5 / 2) => 3
            FLOOR(-6 / 3) => -2
            CEIL(6 / -4) => -1
            CEIL(1.2) => 2
            CEILING(-1.2) => -1
            ATAN2(1, 2) => 0.4636476090008061
            ATAN(1, 2) => 0.4636476090008061
            DEGREES(PI()) => 180
            RADIANS(180) => 3.141592653589793
            0x10 + 1 => 17
            5 & 0x4 => 4
            0xff & 15 => 15
            HEX(X'4142') => 4142
            HEX(255) => FF
            HEX(-1) => FFFFFFFFFFFFFFFF
            HEX('ab') => 6162
            (7 + 1) DIV /* c */ (3) => 2
            7 DIV (2) => 3
            7 MOD (4) => 3
            MOD(7, 4) + 1 => 4
            -(7) MOD 4 => -3
            NULL DIV 2 => NULL
            5 & 3 => 1
            5 | 3 => 7
            5 ^ 3 => 6
            1 << 3 => 8
            256 >> 4 => 16
            ~0 => 18446744073709551615
            ~5 => 18446744073709551610
            -1 & 255 => 255
            -8 >> 60 => 15
            3 << 63 => 9223372036854775808
            1 << 64 => 0
            1 << -1 => 0
            NULL & 1 => NULL
            2 + 3 & 6 => 4
            6 & 3 = 2 => 1
            1 | 2 & 3 => 3
            2 * 3 ^ 2 => 2
            10 - 1 << 2 => 36
            18446744073709551615 & 1 => 1
            ~-1 => 0
            NULL <=> NULL => 1
            1 <=> NULL => 0
            2 <=> 2 => 1
            1 XOR 1 => 0
            1 XOR 0 => 1
            NULL XOR 1 => NULL
            0.5 XOR 0 => 1
            !0 => 1
            !5 => 0
            !NULL => NULL
            NOT 1 = 2 => 1
            !1 = 2 => 0
            1 > 2 || 3 > 2 => 1
            1 && 0 => 0
            2 && 3 => 1
            1 > 0 XOR 2 > 0 OR 1 => 1
            "abc" => abc
            "it's" => it's
            'it''s' => it's
            'a\\'b' => a'b
            "a\\"b" => a"b
            CONCAT('x', "y") => xy
            LENGTH('a\\\\b') => 3
            LENGTH('a\\tb') => 3
            'a_c' LIKE 'a\\_c' => 1
            'abc' LIKE 'a\\_c' => 0
            'a%c' LIKE 'a\\%c' => 1
            'abc' LIKE "a%" => 1
            CAST(2.5 AS SIGNED) => 3
            CAST(-2.5 AS SIGNED) => -3
            CAST(2.4e0 AS SIGNED) => 2
            CAST(3.5e0 AS SIGNED) => 4
            CAST(7 AS UNSIGNED) => 7
            CAST(-1 AS UNSIGNED) => 18446744073709551615
            CAST(3 AS CHAR) => 3
            CAST('12' AS SIGNED) => 12
            """;

    /**
     * {@code expression => sciSQL's value}: values that follow from the geometry or the photometric
     * definitions, and sciSQL's NULL rules (a spatial predicate is 0 when an argument is NULL and NULL
     * when one is invalid; angular separation and photometry are NULL for NULL or out-of-domain
     * arguments). The MariaDB stored functions of the differential suite give the same answers.
     */
    private static final String SCISQL_ANSWERS = """
            scisql_angSep(0, 0, 1, 0) => 1
            scisql_angSep(10, 20, 10, 20) => 0
            scisql_angSep(0, 0, 180, 0) => 180
            scisql_angSep(0, 0, 0, 45) => 45
            scisql_angSep(359.5, 0, 0.5, 0) => 1
            ROUND(scisql_angSep(0, 90, 123, 90), 9) => 0
            scisql_angSep(0, 89.5, 180, 89.5) => 1
            scisql_angSep(0, -90, 0, 90) => 180
            ROUND(scisql_angSep(-10, 0, 350, 0), 9) => 0
            scisql_angSep(NULL, 0, 0, 0) => NULL
            scisql_angSep(0, 0, 0, NULL) => NULL
            scisql_angSep(0, 91, 0, 0) => NULL
            scisql_angSep(0, 0, 0, -90.5) => NULL
            scisql_s2PtInBox(0.5, 0.5, 0, 0, 1, 1) => 1
            scisql_s2PtInBox(1, 1, 0, 0, 1, 1) => 1
            scisql_s2PtInBox(2, 0.5, 0, 0, 1, 1) => 0
            scisql_s2PtInBox(0.5, 1.5, 0, 0, 1, 1) => 0
            scisql_s2PtInBox(359.5, 0, 359, -1, 1, 1) => 1
            scisql_s2PtInBox(0.5, 0, 359, -1, 1, 1) => 1
            scisql_s2PtInBox(180, 0, 359, -1, 1, 1) => 0
            scisql_s2PtInBox(-0.5, 0, 359, -1, 1, 1) => 1
            scisql_s2PtInBox(10, 0, -10, -1, 370, 1) => 1
            scisql_s2PtInBox(0.5, 0.5, 0, 1, 1, 0) => 0
            scisql_s2PtInBox(0, 90, 0, 89, 1, 90) => 1
            scisql_s2PtInBox(NULL, 0.5, 0, 0, 1, 1) => 0
            scisql_s2PtInBox(0.5, 0.5, 0, 0, NULL, 1) => 0
            scisql_s2PtInBox(0.5, 95, 0, 0, 1, 1) => NULL
            scisql_s2PtInBox(0.5, 0.5, 0, -91, 1, 1) => NULL
            scisql_s2PtInCircle(0.5, 0, 0, 0, 1) => 1
            scisql_s2PtInCircle(1.5, 0, 0, 0, 1) => 0
            scisql_s2PtInCircle(359.5, 0, 0.2, 0, 1) => 1
            scisql_s2PtInCircle(0, 89.5, 180, 89.5, 1.1) => 1
            scisql_s2PtInCircle(0, 89.5, 180, 89.5, 0.9) => 0
            scisql_s2PtInCircle(0, 0, 180, 0, 180) => 1
            scisql_s2PtInCircle(NULL, 0, 0, 0, 1) => 0
            scisql_s2PtInCircle(0, 0, 0, 0, NULL) => 0
            scisql_s2PtInCircle(0, 0, 0, 0, -1) => NULL
            scisql_s2PtInCircle(0, 0, 0, 0, 181) => NULL
            scisql_s2PtInCircle(0, 0, 0, 92, 1) => NULL
            scisql_s2PtInEllipse(10, 20, 10, 20, 3600, 1800, 0) => 1
            scisql_s2PtInEllipse(0, 0.9, 0, 0, 3600, 1800, 0) => 1
            scisql_s2PtInEllipse(0.9, 0, 0, 0, 3600, 1800, 0) => 0
            scisql_s2PtInEllipse(0.9, 0, 0, 0, 3600, 1800, 90) => 1
            scisql_s2PtInEllipse(0, 0.9, 0, 0, 3600, 1800, 90) => 0
            scisql_s2PtInEllipse(359.6, 0, 0, 0, 3600, 1800, 90) => 1
            scisql_s2PtInEllipse(0, 1.1, 0, 0, 3600, 1800, 0) => 0
            scisql_s2PtInEllipse(NULL, 0, 0, 0, 3600, 1800, 0) => 0
            scisql_s2PtInEllipse(0, 0, 0, 0, 3600, 1800, NULL) => 0
            scisql_s2PtInEllipse(0, 0, 0, 0, 1800, 3600, 0) => NULL
            scisql_s2PtInEllipse(0, 0, 0, 0, 36001, 1800, 0) => NULL
            scisql_s2PtInEllipse(0, 0, 0, -95, 3600, 1800, 0) => NULL
            scisql_s2PtInCPoly(0.5, 0.5, 0, 0, 1, 0, 1, 1, 0, 1) => 1
            scisql_s2PtInCPoly(2, 0.5, 0, 0, 1, 0, 1, 1, 0, 1) => 0
            scisql_s2PtInCPoly(0.5, 0.5, 0, 0, 0, 1, 1, 1, 1, 0) => 1
            scisql_s2PtInCPoly(0.2, 0.1, 0, 0, 1, 0, 0, 1) => 1
            scisql_s2PtInCPoly(0.9, 0.9, 0, 0, 1, 0, 0, 1) => 0
            scisql_s2PtInCPoly(359.5, 0, 359, -1, 1, -1, 1, 1, 359, 1) => 1
            scisql_s2PtInCPoly(180, 0, 359, -1, 1, -1, 1, 1, 359, 1) => 0
            scisql_s2PtInCPoly(NULL, 0.5, 0, 0, 1, 0, 1, 1, 0, 1) => 0
            scisql_fluxToAbMag(1e-20) => 1.4
            scisql_fluxToAbMag(3.630780547701013425e-20) => 0
            scisql_fluxToAbMag(0) => NULL
            scisql_fluxToAbMag(-1e-20) => NULL
            scisql_fluxToAbMag(NULL) => NULL
            scisql_fluxToAbMagSigma(2e-20, 2e-21) => 0.108574
            scisql_fluxToAbMagSigma(0, 1) => NULL
            scisql_fluxToAbMagSigma(NULL, 1) => NULL
            scisql_abMagToFlux(1.4) => 1e-20
            scisql_abMagToFlux(NULL) => NULL
            scisql_abMagToFluxSigma(1.4, 0.1) => 9.21034e-22
            scisql_abMagToFluxSigma(1.4, NULL) => NULL
            scisql_nanojanskyToAbMag(1) => 31.4
            scisql_nanojanskyToAbMag(1e9) => 8.9
            scisql_nanojanskyToAbMag(0) => NULL
            scisql_nanojanskyToAbMag(NULL) => NULL
            scisql_nanojanskyToAbMagSigma(10, 1) => 0.108574
            scisql_nanojanskyToAbMagSigma(NULL, 1) => NULL
            scisql_abMagToNanojansky(31.4) => 1
            scisql_abMagToNanojansky(8.9) => 1e9
            scisql_abMagToNanojansky(NULL) => NULL
            scisql_abMagToNanojanskySigma(31.4, 1) => 0.921034
            scisql_abMagToNanojanskySigma(NULL, 1) => NULL
            scisql_dnToAbMag(1, 100) => 5
            scisql_dnToAbMag(100, 100) => 0
            scisql_dnToAbMag(0, 100) => NULL
            scisql_dnToAbMag(1, 0) => NULL
            scisql_dnToAbMag(NULL, 100) => NULL
            scisql_dnToAbMagSigma(10, 1, 100, 0) => 0.108574
            scisql_dnToAbMagSigma(10, 0, 100, 10) => 0.108574
            scisql_dnToAbMagSigma(10, 1, 100, NULL) => NULL
            scisql_dnToAbMagSigma(0, 1, 100, 1) => NULL
            SCISQL_ANGSEP(0, 0, 0, 1) => 1
            """;

    private static final QueryPlanner PLANNER = new QueryPlanner((p, region) -> DemoCatalog.CHUNKS.clone());
    private static DuckDbHarness duck;

    @BeforeAll
    static void setUp() throws Exception {
        duck = new DuckDbHarness();
    }

    @AfterAll
    static void tearDown() throws Exception {
        duck.close();
    }

    static Stream<Arguments> answers() {
        return (MYSQL_ANSWERS + SCISQL_ANSWERS).lines().filter(l -> !l.isBlank()).map(l -> {
            int arrow = l.lastIndexOf("=>");
            return Arguments.of(l.substring(0, arrow).strip(), l.substring(arrow + 2).strip());
        });
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("answers")
    void duckDbGivesMysqlValue(String expression, String mysql) throws Exception {
        QueryPlan plan = PLANNER.plan("SELECT " + expression, "demo", new DemoCatalog(), DemoCatalog.INDEX);
        assertThat(plan).isInstanceOf(LocalPlan.class);
        List<List<Object>> rows = duck.runPlan(plan, false);
        assertThat(rows).as(plan.toString()).containsExactly(List.of(normalize(mysql)));
    }

    /** Same normalization as the harness applies to DuckDB's values (6 significant digits). */
    private static Object normalize(String mysql) {
        if (mysql.equals("NULL")) {
            return "NULL";
        }
        try {
            BigDecimal d = new BigDecimal(mysql).round(new MathContext(6)).stripTrailingZeros();
            return d.compareTo(BigDecimal.ZERO) == 0 ? "0" : d.toPlainString();
        } catch (NumberFormatException e) {
            return mysql;
        }
    }
}
