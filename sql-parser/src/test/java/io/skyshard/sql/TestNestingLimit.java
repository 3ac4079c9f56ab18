package io.skyshard.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.parser.NestingLimit;
import io.skyshard.sql.plan.DistributedPlan;
import io.skyshard.sql.plan.QueryPlan;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Statements nested too deeply for the parser and planner, and LIMIT values beyond 64 bits, get user
 * errors naming the problem; nothing reaches the stack-overflow or arithmetic-overflow paths.
 */
class TestNestingLimit {
    private static final int DEEP = 5000;
    private final QueryPlanner planner = new QueryPlanner((p, region) -> new int[] {100});

    /**
     * Plans on a fresh thread with the JVM's default stack size, as the front ends' query threads
     * have: the JUnit main thread's larger stack would hide overflows.
     */
    private QueryPlan plan(String sql) {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                out.set(planner.plan(sql, "demo", new DemoCatalog(), DemoCatalog.INDEX));
            } catch (Throwable e) {
                out.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (out.get() instanceof RuntimeException e) {
            throw e;
        }
        if (out.get() instanceof Throwable e) {
            throw new AssertionError("planning threw " + e, e);
        }
        return (QueryPlan) out.get();
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    private void assertTooDeep(String sql, String... fragments) {
        assertThatThrownBy(() -> plan(sql)).isInstanceOfSatisfying(SkyshardException.class, e -> {
            assertThat(e.code()).isEqualTo(SqlErrorCode.NESTED_TOO_DEEPLY);
            assertThat(e.code().mysqlCode()).isEqualTo(1473);
            assertThat(e.getMessage()).contains("nested too deeply", "at most " + NestingLimit.MAX_DEPTH);
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }

    @Test
    void deepParenthesesAreRefusedWithTheirPosition() {
        String where = "SELECT 1 FROM Object WHERE ";
        assertTooDeep(where + repeat("(", DEEP) + "1=1" + repeat(")", DEEP),
                "line 1, column " + (where.length() + NestingLimit.MAX_DEPTH + 1));
        assertTooDeep(where + repeat("NOT (", DEEP) + "1=1" + repeat(")", DEEP));
        assertTooDeep(where + repeat("(1=0 OR ", DEEP) + "1=1" + repeat(")", DEEP));
        assertTooDeep("SELECT " + repeat("ABS(", DEEP) + "1" + repeat(")", DEEP) + " FROM Object");
    }

    @Test
    void parenthesesInStringsAndCommentsDoNotCount() {
        String parens = repeat("(", DEEP);
        QueryPlan p = plan("SELECT '" + parens + "', \"" + parens + "\" /* " + parens + " */ FROM Object -- " + parens + "\n"
                + "# " + parens + "\nWHERE objectId > 0");
        assertThat(p.columnNames()).hasSize(2);
    }

    @Test
    void deepOperatorChainsWithoutParenthesesAreRefused() {
        assertTooDeep("SELECT 1 FROM Object WHERE " + repeat("NOT ", DEEP) + "1=1");
        // 300 terms: within the chain limit, but the tree is 300 levels deep
        assertTooDeep("SELECT " + IntStream.range(0, 300).mapToObj(i -> "1").collect(Collectors.joining("+")) + " FROM Object");
        assertTooDeep(IntStream.range(0, 3000).mapToObj(i -> "SELECT " + i).collect(Collectors.joining(" UNION ")));
    }

    @Test
    void nestingUpToTheLimitPlans() {
        // the deepest accepted tree must get through every pass on a default-sized stack
        int n = NestingLimit.MAX_DEPTH - 10;
        QueryPlan p = plan("SELECT " + repeat("ABS(", n) + "g_psfFlux" + repeat(")", n) + " AS v FROM Object WHERE "
                + repeat("NOT ", n / 2) + "objectId > 5");
        assertThat(p).isInstanceOf(DistributedPlan.class);
        assertThat(p.columnNames()).containsExactly("v");
    }

    @Test
    void longOrAndAndChainsAreRebalancedNotRefused() {
        // Calcite's parser itself recurses per operator of a chain: a few thousand are fine on a default stack
        int terms = 2000;
        String ors = IntStream.range(0, terms).mapToObj(i -> "objectId = " + i).collect(Collectors.joining(" OR "));
        DistributedPlan p = (DistributedPlan) plan("SELECT objectId FROM Object WHERE " + ors);
        assertThat(p.columnNames()).containsExactly("objectId");
        String ands = IntStream.range(0, terms).mapToObj(i -> "objectId <> " + i).collect(Collectors.joining(" AND "));
        assertThat(plan("SELECT COUNT(*) FROM Object WHERE " + ands).columnNames()).containsExactly("COUNT(*)");
    }

    private void assertChainTooLong(String sql, String... fragments) {
        assertThatThrownBy(() -> plan(sql)).isInstanceOfSatisfying(SkyshardException.class, e -> {
            assertThat(e.code()).isEqualTo(SqlErrorCode.NESTED_TOO_DEEPLY);
            assertThat(e.getMessage()).contains("Expression too long", "at most " + NestingLimit.MAX_CHAIN, "use IN (...)");
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }

    @Test
    void chainsLongerThanTheLimitAreRefusedBeforeParsing() {
        // Calcite's parser takes time quadratic in a chain's length (50,000 ORs: minutes): refused at once
        long t0 = System.nanoTime();
        String huge = IntStream.range(0, 50_000).mapToObj(i -> "objectId = " + i).collect(Collectors.joining(" OR "));
        String where = "SELECT objectId FROM Object WHERE ";
        // the limit is passed at the 4001st operator: '=' and OR alternate, so at the '=' of term 2000
        int column = where.length() + huge.indexOf("objectId = 2000 ") + "objectId ".length() + 1;
        assertChainTooLong(where + huge, "line 1, column " + column);
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
        assertChainTooLong("SELECT " + IntStream.range(0, DEEP).mapToObj(i -> "1").collect(Collectors.joining("+")) + " FROM Object");
        // words containing OR, and operators inside strings, comments and IN lists, do not count
        String names = IntStream.range(0, 3000).mapToObj(i -> "'a OR b'").collect(Collectors.joining(" , "));
        assertThat(plan("SELECT objectId FROM Object WHERE objectId IN (" + IntStream.range(0, 5000).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")) + ") -- " + "OR ".repeat(3000) + "\nORDER BY objectId").columnNames())
                .containsExactly("objectId");
        assertThat(plan("SELECT " + names + " FROM Object").columnNames()).hasSize(3000);
    }

    private void assertError(Supplier<?> r, SqlErrorCode code, String... fragments) {
        assertThatThrownBy(r::get).isInstanceOfSatisfying(SkyshardException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }

    @Test
    void limitsBeyondSixtyFourBitsAreSyntaxErrors() {
        assertError(() -> plan("SELECT objectId FROM Object LIMIT 99999999999999999999"), SqlErrorCode.SYNTAX_ERROR,
                "LIMIT value 99999999999999999999 is out of range: at most 18446744073709551615", "line 1, column 35");
        assertError(() -> plan("SELECT objectId FROM Object LIMIT 1 OFFSET 99999999999999999999"), SqlErrorCode.SYNTAX_ERROR,
                "OFFSET value 99999999999999999999 is out of range");
        assertError(() -> plan("SELECT objectId FROM Object LIMIT 99999999999999999999, 1"), SqlErrorCode.SYNTAX_ERROR,
                "OFFSET value 99999999999999999999 is out of range");
        assertError(() -> plan("SELECT objectId FROM Object LIMIT 1.5"), SqlErrorCode.SYNTAX_ERROR,
                "LIMIT needs a non-negative integer, got 1.5");
        assertError(() -> plan("SELECT 1 UNION SELECT 2 LIMIT 99999999999999999999"), SqlErrorCode.SYNTAX_ERROR,
                "LIMIT value 99999999999999999999 is out of range");
        assertError(() -> plan("SELECT band, COUNT(*) FROM Source GROUP BY band LIMIT 99999999999999999999"),
                SqlErrorCode.SYNTAX_ERROR, "out of range");
    }

    @Test
    void limitsUpToUnsignedSixtyFourBitsPlan() {
        // MySQL accepts LIMIT up to 2^64-1; above 2^63-1 it means "all rows" here
        assertThat(plan("SELECT objectId FROM Object LIMIT 18446744073709551615").columnNames()).containsExactly("objectId");
        DistributedPlan p = (DistributedPlan) plan("SELECT objectId FROM Object ORDER BY objectId LIMIT 9223372036854775807 OFFSET 10");
        assertThat(p.chunkSqlTemplate()).contains("9223372036854775807");
        assertThat(plan("SELECT band, COUNT(*) FROM Source GROUP BY band LIMIT 9223372036854775808, 5").columnNames())
                .containsExactly("band", "COUNT(*)");
    }

    @Test
    void emptyStatementsSayQueryWasEmpty() {
        for (String sql : new String[] {"", "   \n\t", "/* nothing */", "-- nothing", "# nothing", ";", " ; ; "}) {
            assertError(() -> plan(sql), SqlErrorCode.EMPTY_QUERY, "Query was empty");
        }
        assertThat(SqlErrorCode.EMPTY_QUERY.mysqlCode()).isEqualTo(1065);
    }

    @Test
    void doubleLiteralsBeyondTheRangeOfDoubleAreRefused() {
        assertError(() -> plan("SELECT 1e999999 FROM Object"), SqlErrorCode.ILLEGAL_VALUE,
                "Illegal double '1E999999' value found during parsing", "line 1, column 8");
        assertError(() -> plan("SELECT objectId FROM Object WHERE g_psfFlux < -2e400"), SqlErrorCode.ILLEGAL_VALUE, "2E400");
        assertThat(plan("SELECT 1e308, 2.5e-400 FROM Object").columnNames()).hasSize(2);
    }

    @Test
    void statementsLongerThanTheLimitAreRefusedBeforeParsing() {
        String values = IntStream.range(0, 2_200_000).mapToObj(i -> "1").collect(Collectors.joining(","));
        String sql = "SELECT objectId FROM Object WHERE objectId IN (" + values + ")";
        assertThat(sql.length()).isGreaterThan(io.skyshard.sql.parser.QservSqlParser.MAX_STATEMENT_CHARS);
        assertError(() -> plan(sql), SqlErrorCode.STATEMENT_TOO_LONG, "Statement too long: " + sql.length() + " characters",
                "at most " + io.skyshard.sql.parser.QservSqlParser.MAX_STATEMENT_CHARS);
    }
}
