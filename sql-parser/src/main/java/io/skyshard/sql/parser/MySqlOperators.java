package io.skyshard.sql.parser;

import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlPrefixOperator;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * MySQL operators that Calcite's grammar lacks, produced by the generated parser
 * ({@code src/main/codegen}). Their precedences place them where MySQL
 * does relative to Calcite's own operators (OR 22, AND 24, NOT 26, comparisons 30, BETWEEN/LIKE 32 (Calcite wants even numbers),
 * + and - 40, * / % 60, unary minus 80), so that e.g. {@code flags & 4 = 4} parses as
 * {@code (flags & 4) = 4} and {@code a | b & c} as {@code a | (b & c)}:
 * <pre>
 *   OR  ||   <  XOR  <  AND &&  <  NOT  <  = &lt;=&gt; &lt; ...  <  |  <  &amp;  <  &lt;&lt; &gt;&gt;  <  + -  <  * / DIV % MOD  <  ^  <  unary - ~ !
 * </pre>
 * They are translated for the backend by {@code FunctionRewriter}.
 */
public final class MySqlOperators {
    /**
     * {@code a XOR b}: logical exclusive or, NULL if either side is NULL. MySQL ranks it between OR
     * (22) and AND (24), where Calcite's even precedences leave no room: left precedence 24 and right
     * 23 bind it tighter than OR and looser than AND on both sides (a chain of XORs then nests to the
     * right, which gives the same value: XOR is associative).
     */
    public static final SqlBinaryOperator XOR = new SqlBinaryOperator("XOR", SqlKind.OTHER, 24, true,
            ReturnTypes.BOOLEAN_NULLABLE, InferTypes.BOOLEAN, OperandTypes.ANY_ANY) {
        @Override
        public int getLeftPrec() {
            return 24;
        }

        @Override
        public int getRightPrec() {
            return 23;
        }
    };
    /** {@code a <=> b}: equality where NULL equals NULL; never NULL. */
    public static final SqlBinaryOperator NULL_SAFE_EQUAL = binary("<=>", 30);
    public static final SqlBinaryOperator BIT_OR = binary("|", 34);
    public static final SqlBinaryOperator BIT_AND = binary("&", 36);
    public static final SqlBinaryOperator SHIFT_LEFT = binary("<<", 38);
    public static final SqlBinaryOperator SHIFT_RIGHT = binary(">>", 38);
    public static final SqlBinaryOperator BIT_XOR = binary("^", 70);
    /** {@code a DIV b}: integer division truncating toward zero, NULL for b = 0. */
    public static final SqlBinaryOperator DIV = binary("DIV", 60);
    /** {@code ~a}: bitwise inversion of the 64-bit unsigned value. */
    public static final SqlPrefixOperator BIT_NOT = new SqlPrefixOperator("~", SqlKind.OTHER, 80,
            ReturnTypes.ARG0, InferTypes.RETURN_TYPE, OperandTypes.NUMERIC);
    /** {@code !a}: logical negation (MySQL gives it the highest precedence, unlike NOT). */
    public static final SqlPrefixOperator LOGICAL_NOT = new SqlPrefixOperator("!", SqlKind.OTHER, 80,
            ReturnTypes.BOOLEAN_NULLABLE, InferTypes.RETURN_TYPE, OperandTypes.ANY);

    private MySqlOperators() {
    }

    private static SqlBinaryOperator binary(String name, int precedence) {
        return new SqlBinaryOperator(name, SqlKind.OTHER, precedence, true, ReturnTypes.ARG0_NULLABLE,
                InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY);
    }
}
