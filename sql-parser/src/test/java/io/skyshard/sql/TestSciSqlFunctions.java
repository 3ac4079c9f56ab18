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
 * The sciSQL functions on DuckDB give sciSQL's documented answers: values that follow from the
 * geometry or the photometric definitions (checked to 6 significant digits), and sciSQL's NULL
 * rules: a spatial predicate is 0 when an argument is NULL and NULL when one is invalid; angular
 * separation and photometry are NULL for NULL or out-of-domain arguments. The differential suite
 * compares the same functions with their MariaDB stored-function versions on real rows.
 */
class TestSciSqlFunctions {
    /** {@code expression => sciSQL's value}. */
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
        return SCISQL_ANSWERS.lines().filter(l -> !l.isBlank()).map(l -> {
            int arrow = l.lastIndexOf("=>");
            return Arguments.of(l.substring(0, arrow).strip(), l.substring(arrow + 2).strip());
        });
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("answers")
    void duckDbGivesSciSqlValue(String expression, String scisql) throws Exception {
        QueryPlan plan = PLANNER.plan("SELECT " + expression, "demo", new DemoCatalog(), DemoCatalog.INDEX);
        assertThat(plan).isInstanceOf(LocalPlan.class);
        List<List<Object>> rows = duck.runPlan(plan, false);
        assertThat(rows).as(plan.toString()).containsExactly(List.of(normalize(scisql)));
    }

    /** Same normalization as the harness applies to DuckDB's values (6 significant digits). */
    private static Object normalize(String value) {
        if (value.equals("NULL")) {
            return "NULL";
        }
        BigDecimal d = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
        return d.compareTo(BigDecimal.ZERO) == 0 ? "0" : d.toPlainString();
    }
}
