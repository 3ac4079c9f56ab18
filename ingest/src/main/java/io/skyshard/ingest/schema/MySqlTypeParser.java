package io.skyshard.ingest.schema;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.schema.SqlLexer.Kind;
import io.skyshard.ingest.schema.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a MySQL column definition as written in Qserv ingest JSON and mysqldump output
 * ({@code bigint(20) NOT NULL}, {@code float DEFAULT NULL}, {@code timestamp NOT NULL DEFAULT
 * CURRENT_TIMESTAMP}, {@code varbinary(100)} ...) into a {@link ColumnDef}.
 *
 * <p>Mapping decisions (Skyshard keeps MySQL semantics where it can, DESIGN.md section 4):
 * <ul>
 *   <li>FLOAT stays 32-bit FLOAT; {@code float(p)} with p &gt; 24 is DOUBLE, as in MySQL.</li>
 *   <li>Unsigned integers widen to the next signed type so every value fits ({@code int unsigned} ->
 *       BIGINT). {@code bigint unsigned} becomes DECIMAL(20,0): exact for 0..2^64-1, but a DECIMAL
 *       column cannot serve as a director key (keys must be 64-bit signed integers).</li>
 *   <li>BINARY/VARBINARY/BLOB are VARBINARY (bytes); TEXT and ENUM/SET are VARCHAR; BIT(n) is BIT.</li>
 *   <li>DATETIME and TIMESTAMP are TIMESTAMP (no time zone), YEAR is SMALLINT, BOOL is BOOLEAN.</li>
 *   <li>Only {@code NOT NULL} matters among the attributes; defaults, AUTO_INCREMENT, character sets,
 *       comments and inline keys are accepted and ignored (a load always supplies every column).</li>
 * </ul>
 * Anything else (JSON, spatial types, DECIMAL wider than 38 digits) is rejected naming the column.
 */
public final class MySqlTypeParser {
    private MySqlTypeParser() {
    }

    /** Parses one column's type text, e.g. {@code " bigint(20) NOT NULL"}. */
    public static ColumnDef parse(String columnName, String typeText) {
        String where = "column '" + columnName + "' type '" + typeText.strip() + "'";
        List<Token> tokens = SqlLexer.tokenize(typeText, where);
        Cursor c = new Cursor(tokens, 0, tokens.size(), where);
        ColumnDef def = parse(columnName, c);
        if (!c.atEnd()) {
            throw c.error("unexpected '" + c.peek().text() + "'");
        }
        return def;
    }

    /** Parses the type starting at {@code tokens[from]} and ending before {@code to}. */
    static ColumnDef parse(String columnName, List<Token> tokens, int from, int to, String where) {
        Cursor c = new Cursor(tokens, from, to, where);
        ColumnDef def = parse(columnName, c);
        if (!c.atEnd()) {
            throw c.error("unexpected '" + c.peek().text() + "'");
        }
        return def;
    }

    private static ColumnDef parse(String name, Cursor c) {
        if (c.atEnd() || c.peek().kind() != Kind.WORD) {
            throw c.error("missing type name");
        }
        String base = c.next().text().toLowerCase(Locale.ROOT);
        if ((base.equals("double") && c.peekWord("precision")) || (base.equals("character") && c.peekWord("varying"))) {
            base = base.equals("double") ? "double" : "varchar";
            c.next();
        }
        List<String> args = new ArrayList<>();
        if (!c.atEnd() && c.peek().isSymbol('(')) {
            c.next();
            while (true) {
                if (c.atEnd()) {
                    throw c.error("unclosed '(' in type");
                }
                Token t = c.next();
                if (t.isSymbol(')')) {
                    break;
                }
                if (t.isSymbol(',')) {
                    continue;
                }
                args.add(t.text());
            }
        }
        boolean unsigned = false;
        boolean nullable = true;
        while (!c.atEnd()) {
            Token t = c.next();
            if (t.isWord("unsigned")) {
                unsigned = true;
            } else if (t.isWord("signed") || t.isWord("zerofill") || t.isWord("auto_increment") || t.isWord("binary")) {
                // No effect on the stored values.
            } else if (t.isWord("not")) {
                c.expectWord("null");
                nullable = false;
            } else if (t.isWord("null")) {
                nullable = true;
            } else if (t.isWord("default")) {
                skipDefault(c);
            } else if (t.isWord("on")) {
                c.expectWord("update");
                skipDefault(c);
            } else if (t.isWord("comment")) {
                c.expectKind(Kind.STRING);
            } else if (t.isWord("character") || t.isWord("charset") || t.isWord("collate")) {
                if (t.isWord("character")) {
                    c.expectWord("set");
                }
                if (!c.atEnd() && c.peek().isSymbol('=')) {
                    c.next();
                }
                c.next();
            } else if (t.isWord("primary") || t.isWord("unique")) {
                if (c.peekWord("key")) {
                    c.next();
                }
            } else if (t.isWord("key")) {
                // Inline index: irrelevant to storage.
            } else {
                throw c.error("unexpected '" + t.text() + "'");
            }
        }
        return map(name, base, args, unsigned, nullable, c);
    }

    private static void skipDefault(Cursor c) {
        if (c.atEnd()) {
            throw c.error("DEFAULT without a value");
        }
        Token v = c.next();
        if (v.isSymbol('-') || v.isSymbol('+')) {
            c.next();
        } else if (v.kind() == Kind.WORD && !c.atEnd() && c.peek().isSymbol('(')) {
            // CURRENT_TIMESTAMP(6), NOW()
            while (!c.atEnd() && !c.next().isSymbol(')')) {
                // skip arguments
            }
        }
    }

    private static ColumnDef map(String name, String base, List<String> args, boolean unsigned, boolean nullable, Cursor c) {
        return switch (base) {
            case "tinyint" -> col(name, unsigned ? ColumnType.SMALLINT : ColumnType.TINYINT, 0, 0, nullable);
            case "smallint" -> col(name, unsigned ? ColumnType.INTEGER : ColumnType.SMALLINT, 0, 0, nullable);
            case "mediumint" -> col(name, ColumnType.INTEGER, 0, 0, nullable);
            case "int", "integer" -> col(name, unsigned ? ColumnType.BIGINT : ColumnType.INTEGER, 0, 0, nullable);
            case "bigint" -> unsigned ? col(name, ColumnType.DECIMAL, 20, 0, nullable) : col(name, ColumnType.BIGINT, 0, 0, nullable);
            case "serial" -> col(name, ColumnType.DECIMAL, 20, 0, false);
            case "bool", "boolean" -> col(name, ColumnType.BOOLEAN, 0, 0, nullable);
            case "float" -> {
                // float(p): p is a precision in bits (MySQL switches to DOUBLE above 24); float(M,D) keeps FLOAT.
                boolean wide = args.size() == 1 && number(args.get(0), c) > 24;
                yield col(name, wide ? ColumnType.DOUBLE : ColumnType.FLOAT, 0, 0, nullable);
            }
            case "double", "real" -> col(name, ColumnType.DOUBLE, 0, 0, nullable);
            case "decimal", "numeric", "dec", "fixed" -> {
                int precision = args.isEmpty() ? 10 : number(args.get(0), c);
                int scale = args.size() > 1 ? number(args.get(1), c) : 0;
                if (precision > 38) {
                    throw unsupported(name, "decimal(" + precision + "," + scale + ") (at most 38 digits are supported)", c);
                }
                if (scale > precision) {
                    throw c.error("decimal scale " + scale + " exceeds precision " + precision);
                }
                yield col(name, ColumnType.DECIMAL, precision, scale, nullable);
            }
            case "char", "nchar" -> col(name, ColumnType.CHAR, args.isEmpty() ? 1 : number(args.get(0), c), 0, nullable);
            case "varchar", "nvarchar" -> {
                if (args.isEmpty()) {
                    throw c.error("varchar needs a length");
                }
                yield col(name, ColumnType.VARCHAR, number(args.get(0), c), 0, nullable);
            }
            case "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> col(name, ColumnType.VARCHAR, 0, 0, nullable);
            case "binary", "varbinary" -> col(name, ColumnType.VARBINARY, args.isEmpty() ? (base.equals("binary") ? 1 : 0)
                    : number(args.get(0), c), 0, nullable);
            case "tinyblob", "blob", "mediumblob", "longblob" -> col(name, ColumnType.VARBINARY, 0, 0, nullable);
            case "bit" -> {
                int bits = args.isEmpty() ? 1 : number(args.get(0), c);
                if (bits < 1 || bits > 64) {
                    throw c.error("bit width must be 1..64, got " + bits);
                }
                yield col(name, ColumnType.BIT, bits, 0, nullable);
            }
            case "date" -> col(name, ColumnType.DATE, 0, 0, nullable);
            case "datetime", "timestamp" -> col(name, ColumnType.TIMESTAMP, 0, 0, nullable);
            case "time" -> col(name, ColumnType.TIME, 0, 0, nullable);
            case "year" -> col(name, ColumnType.SMALLINT, 0, 0, nullable);
            default -> throw unsupported(name, base, c);
        };
    }

    private static ColumnDef col(String name, ColumnType type, int length, int scale, boolean nullable) {
        return new ColumnDef(name, type, length, scale, nullable);
    }

    private static int number(String text, Cursor c) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw c.error("expected a number in the type arguments, found '" + text + "'");
        }
    }

    private static SkyshardException unsupported(String name, String type, Cursor c) {
        return new SkyshardException(IngestErrorCode.UNSUPPORTED_COLUMN_TYPE,
                c.where + ": column '" + name + "' has unsupported type '" + type + "'");
    }

    /** A window over the token list. */
    private static final class Cursor {
        private final List<Token> tokens;
        private final int end;
        private final String where;
        private int pos;

        Cursor(List<Token> tokens, int from, int to, String where) {
            this.tokens = tokens;
            this.pos = from;
            this.end = to;
            this.where = where;
        }

        boolean atEnd() {
            return pos >= end;
        }

        Token peek() {
            return tokens.get(pos);
        }

        boolean peekWord(String w) {
            return !atEnd() && peek().isWord(w);
        }

        Token next() {
            if (atEnd()) {
                throw error("unexpected end of the type");
            }
            return tokens.get(pos++);
        }

        void expectWord(String w) {
            if (atEnd() || !peek().isWord(w)) {
                throw error("expected " + w.toUpperCase(Locale.ROOT));
            }
            pos++;
        }

        void expectKind(Kind kind) {
            if (atEnd() || peek().kind() != kind) {
                throw error("expected a " + kind.name().toLowerCase(Locale.ROOT));
            }
            pos++;
        }

        SkyshardException error(String message) {
            int line = atEnd() ? (end > 0 && end <= tokens.size() ? tokens.get(end - 1).line() : 1) : peek().line();
            return new SkyshardException(IngestErrorCode.INVALID_SCHEMA, where + " (line " + line + "): " + message);
        }
    }
}
