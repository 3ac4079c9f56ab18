package io.skyshard.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

class TestPreParser {
    private static String text(String sql) {
        return PreParser.rewrite(sql).text();
    }

    @Test
    void reservedSetIsCalciteMinusMysql() {
        assertThat(PreParser.QUOTED_WHEN_IDENTIFIER).contains("FILTER", "VALUE", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE",
                "SECOND", "POSITION", "RESULT", "MATCHES", "EMPTY", "SYSTEM").doesNotContain("DEC", "RANGE", "MATCH", "SELECT", "MOD");
        assertThat(PreParser.CALCITE_RESERVED).contains("FILTER", "DEC", "SELECT");
    }

    @Test
    void quotesIdentifiersButNotStringsCommentsOrKeywords() {
        assertThat(text("SELECT value, f.year FROM Filter f WHERE result = 'value' AND \"year\" <> `month` -- filter"))
                .isEqualTo("SELECT `value`, f.`year` FROM `Filter` f WHERE `result` = 'value' AND 'year' <> `month` -- filter");
        assertThat(text("SELECT /* value */ COUNT(*), SUBSTRING(x, 1), position FROM t"))
                .isEqualTo("SELECT /* value */ COUNT(*), SUBSTRING(x, 1), `position` FROM t");
        assertThat(text("SELECT 'it''s value', DATE '2020-01-01', CAST(x AS DATE) AS date FROM t LIMIT 3 OFFSET 2"))
                .isEqualTo("SELECT 'it''s value', DATE '2020-01-01', CAST(x AS DATE) AS `date` FROM t LIMIT 3 OFFSET 2");
        assertThat(text("SELECT EXTRACT(YEAR FROM d), d + INTERVAL 1 DAY, x IS NOT UNKNOWN, CASE WHEN hour THEN 1 END FROM t"))
                .isEqualTo("SELECT EXTRACT(YEAR FROM d), d + INTERVAL 1 DAY, x IS NOT UNKNOWN, CASE WHEN `hour` THEN 1 END FROM t");
        assertThat(text("SELECT a # value\nFROM t")).isEqualTo("SELECT a        \nFROM t");
    }

    @Test
    void mysqlStringsBecomeStandardLiterals() {
        assertThat(text("SELECT \"it's\", 'a\\'b', \"q\"\"q\", 'x\\\\y', 'p\\_%', 'plain', x FROM t"))
                .isEqualTo("SELECT 'it''s', 'a''b', 'q\"q' , 'x\\y' , 'p\\_%', 'plain', x FROM t");
        // A literal that grows maps the columns after it back: "it's" (6 characters) -> 'it''s' (7).
        PreParser.Result r = PreParser.rewrite("SELECT \"it's\", x FROM t");
        assertThat(r.text()).isEqualTo("SELECT 'it''s', x FROM t");
        assertThat(r.positions().toOriginal(new SqlParserPos(1, 17, 1, 17))).isEqualTo(new SqlParserPos(1, 16, 1, 16));
    }

    @Test
    void modAndDivOperatorsAreLeftToTheGrammar() {
        PreParser.Result r = PreParser.rewrite("SELECT a DIV 2, MOD(a, 2), a MOD 2, t.mod FROM t");
        assertThat(r.text()).isEqualTo("SELECT a DIV 2, MOD(a, 2), a MOD 2, t.`mod` FROM t");
    }

    @Test
    void hexadecimalLiteralsAreTheirIntegers() {
        PreParser.Result r = PreParser.rewrite("SELECT flags & 0x10, 0xFFFFFFFFFFFFFFFFF, x FROM t WHERE '0x10' <> 0x0");
        // A shorter number is padded with spaces, so that later columns stay where they were.
        assertThat(r.text()).isEqualTo("SELECT flags & 16  , 295147905179352825855, x FROM t WHERE '0x10' <> 0  ");
        // x stays where the user wrote it, as the shorter and longer numbers map back to their literals.
        int x = r.text().indexOf(", x") + 3;
        assertThat(r.positions().toOriginal(new SqlParserPos(1, x, 1, x)))
                .isEqualTo(new SqlParserPos(1, "SELECT flags & 0x10, 0xFFFFFFFFFFFFFFFFF, x".length(), 1,
                        "SELECT flags & 0x10, 0xFFFFFFFFFFFFFFFFF, x".length()));
    }

    @Test
    void decimalLiteralWithTrailingPointKeepsItsScale() {
        PreParser.Result r = PreParser.rewrite("SELECT 1., x FROM t WHERE y BETWEEN 0. AND 1.5");
        assertThat(r.text()).isEqualTo("SELECT 1.0, x FROM t WHERE y BETWEEN 0.0 AND 1.5");
        // x moves from column 12 to 13; the inserted 0 maps back onto the literal.
        assertThat(r.positions().toOriginal(new SqlParserPos(1, 13, 1, 13))).isEqualTo(new SqlParserPos(1, 12, 1, 12));
        assertThat(r.positions().toOriginal(new SqlParserPos(1, 8, 1, 10))).isEqualTo(new SqlParserPos(1, 8, 1, 9));
    }

    @Test
    void positionsMapBackToTheUsersColumns() {
        // "SELECT value, x" -> "SELECT `value`, x": x moves from column 15 to 17.
        PositionMap map = PreParser.rewrite("SELECT value, x\nFROM Filter").positions();
        assertThat(map.toOriginal(new SqlParserPos(1, 17, 1, 17))).isEqualTo(new SqlParserPos(1, 15, 1, 15));
        // The quoted word itself spans its backticks; it maps to the bare word.
        assertThat(map.toOriginal(new SqlParserPos(1, 8, 1, 14))).isEqualTo(new SqlParserPos(1, 8, 1, 12));
        // Line 2 has its own insertions.
        assertThat(map.toOriginal(new SqlParserPos(2, 6, 2, 13))).isEqualTo(new SqlParserPos(2, 6, 2, 11));
    }
}
