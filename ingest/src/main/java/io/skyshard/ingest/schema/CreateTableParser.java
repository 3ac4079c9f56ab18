package io.skyshard.ingest.schema;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.schema.SqlLexer.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code CREATE TABLE} statements of a MySQL script such as mysqldump output: backquoted
 * names, {@code --}/{@code #}/{@code /* *}{@code /} comments (versioned ones included), {@code DROP
 * TABLE IF EXISTS} and {@code SET} statements around it, and table options after the closing
 * parenthesis. Other statements (views among them) are skipped.
 *
 * <p>Only columns are kept. PRIMARY KEY, KEY, INDEX, UNIQUE, FULLTEXT, SPATIAL, CONSTRAINT, FOREIGN KEY
 * and CHECK clauses are ignored: Skyshard stores chunk tables without indexes (small chunk tables
 * sorted by position replace them) and enforces only director-key uniqueness, at ingest.
 */
public final class CreateTableParser {
    /** A parsed table: its name and columns in declaration order. */
    public record Table(String name, List<ColumnDef> columns) {
        public Table {
            requireNonNull(name, "name");
            columns = List.copyOf(columns);
        }
    }

    private static final Set<String> CONSTRAINT_WORDS =
            Set.of("primary", "key", "index", "unique", "fulltext", "spatial", "constraint", "foreign", "check");

    private CreateTableParser() {
    }

    /** The one table a schema file defines; fails if it defines none or several. */
    public static Table parseFile(Path file) {
        List<Table> tables = parseAll(read(file), file.toString());
        if (tables.size() != 1) {
            throw new SkyshardException(IngestErrorCode.INVALID_SCHEMA,
                    file + ": expected one CREATE TABLE statement, found " + tables.size());
        }
        return tables.get(0);
    }

    /** The table a schema file defines, or empty when it defines none (a view-only dump, say). */
    public static Optional<Table> parseFileIfTable(Path file) {
        List<Table> tables = parseAll(read(file), file.toString());
        if (tables.size() > 1) {
            throw new SkyshardException(IngestErrorCode.INVALID_SCHEMA,
                    file + ": expected at most one CREATE TABLE statement, found " + tables.size());
        }
        return tables.stream().findFirst();
    }

    /** Every {@code CREATE TABLE} of a script, in order. {@code source} names the script in errors. */
    public static List<Table> parseAll(String script, String source) {
        List<Token> tokens = SqlLexer.tokenize(script, source);
        List<Table> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            int end = i;
            while (end < tokens.size() && !tokens.get(end).isSymbol(';')) {
                end++;
            }
            if (isCreateTable(tokens, i, end)) {
                out.add(parseCreate(tokens, i, end, source));
            }
            i = end + 1;
        }
        return out;
    }

    private static boolean isCreateTable(List<Token> t, int from, int to) {
        int i = from;
        if (i >= to || !t.get(i).isWord("create")) {
            return false;
        }
        i++;
        if (i < to && t.get(i).isWord("temporary")) {
            i++;
        }
        return i < to && t.get(i).isWord("table");
    }

    private static Table parseCreate(List<Token> t, int from, int to, String source) {
        int i = from + 1;
        if (t.get(i).isWord("temporary")) {
            i++;
        }
        i++; // TABLE
        if (i + 2 < to && t.get(i).isWord("if") && t.get(i + 1).isWord("not") && t.get(i + 2).isWord("exists")) {
            i += 3;
        }
        if (i >= to || !t.get(i).isName()) {
            throw SqlLexer.error(source, t.get(Math.min(i, to - 1)).line(), "CREATE TABLE without a table name");
        }
        String name = t.get(i).text();
        i++;
        // db.table: keep the table part.
        if (i + 1 < to && t.get(i).isSymbol('.') && t.get(i + 1).isName()) {
            name = t.get(i + 1).text();
            i += 2;
        }
        if (i >= to || !t.get(i).isSymbol('(')) {
            throw SqlLexer.error(source, t.get(Math.min(i, to - 1)).line(),
                    "CREATE TABLE " + name + ": expected '(' (CREATE TABLE ... LIKE/SELECT is not supported)");
        }
        i++;
        String where = source + " table " + name;
        List<ColumnDef> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        java.util.Map<String, String> keys = new java.util.HashMap<>();
        boolean closed = false;
        while (i < to) {
            // One definition: up to the next ',' or the closing ')' at depth 0.
            int start = i;
            int depth = 0;
            while (i < to) {
                Token tok = t.get(i);
                if (tok.isSymbol('(')) {
                    depth++;
                } else if (tok.isSymbol(')')) {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (tok.isSymbol(',') && depth == 0) {
                    break;
                }
                i++;
            }
            if (i >= to) {
                throw SqlLexer.error(source, t.get(to - 1).line(), "CREATE TABLE " + name + ": missing ')'");
            }
            if (start == i) {
                throw SqlLexer.error(source, t.get(i).line(), "CREATE TABLE " + name + ": empty column definition");
            }
            Token first = t.get(start);
            boolean constraint = first.kind() == SqlLexer.Kind.WORD
                    && CONSTRAINT_WORDS.contains(first.text().toLowerCase(Locale.ROOT));
            if (!constraint) {
                if (!first.isName()) {
                    throw SqlLexer.error(source, first.line(), "CREATE TABLE " + name + ": expected a column name, found '"
                            + first.text() + "'");
                }
                String column = first.text();
                if (!seen.add(column.toLowerCase(Locale.ROOT))) {
                    throw SqlLexer.error(source, first.line(), "CREATE TABLE " + name + ": column '" + column + "' declared twice");
                }
                columns.add(MySqlTypeParser.parse(column, t, start + 1, i, where));
            } else {
                indexRoles(t, start, i, keys);
            }
            boolean last = t.get(i).isSymbol(')');
            i++;
            if (last) {
                closed = true;
                break;
            }
        }
        if (!closed) {
            throw SqlLexer.error(source, t.get(to - 1).line(), "CREATE TABLE " + name + ": missing ')'");
        }
        if (columns.isEmpty()) {
            throw SqlLexer.error(source, t.get(from).line(), "CREATE TABLE " + name + " declares no column");
        }
        // Table options (ENGINE=..., DEFAULT CHARSET=..., AUTO_INCREMENT=...) follow; none affects storage here.
        List<ColumnDef> keyed = new ArrayList<>();
        for (ColumnDef c : columns) {
            keyed.add(c.withKey(keys.get(c.name().toLowerCase(Locale.ROOT))));
        }
        return new Table(name, keyed);
    }

    /** Order of SHOW COLUMNS' Key values: a column in several indexes shows the first that applies. */
    private static final List<String> KEY_PRIORITY = List.of("PRI", "UNI", "MUL");

    /**
     * The index roles an index definition gives its columns ({@code PRIMARY KEY (a, b)}: both PRI;
     * {@code UNIQUE KEY u (a)}: a UNI, or MUL when it spans several columns; {@code KEY k (a, b)}: a MUL),
     * merged into {@code keys} (column, lower case -> role), keeping the one of highest priority.
     */
    private static void indexRoles(List<Token> t, int from, int to, java.util.Map<String, String> keys) {
        int open = from;
        while (open < to && !t.get(open).isSymbol('(')) {
            open++;
        }
        List<String> columns = new ArrayList<>();
        int depth = 0;
        boolean expectName = true;
        for (int k = open; k < to; k++) {
            Token tok = t.get(k);
            if (tok.isSymbol('(')) {
                depth++;
            } else if (tok.isSymbol(')')) {
                depth--;
            } else if (depth == 1 && tok.isSymbol(',')) {
                expectName = true;
            } else if (depth == 1 && expectName && tok.isName()) {
                columns.add(tok.text().toLowerCase(Locale.ROOT));
                expectName = false;
            }
        }
        if (columns.isEmpty()) {
            return;
        }
        String kind = t.get(from).text().toLowerCase(Locale.ROOT);
        if (kind.equals("constraint")) {
            // CONSTRAINT [name] PRIMARY KEY / UNIQUE / FOREIGN KEY ...
            for (int k = from + 1; k < open; k++) {
                String w = t.get(k).text().toLowerCase(Locale.ROOT);
                if (w.equals("primary") || w.equals("unique") || w.equals("foreign")) {
                    kind = w;
                    break;
                }
            }
        }
        if (kind.equals("check")) {
            return;
        }
        if (kind.equals("primary")) {
            columns.forEach(c -> keys.merge(c, "PRI", CreateTableParser::higher));
        } else if (kind.equals("unique")) {
            keys.merge(columns.get(0), columns.size() == 1 ? "UNI" : "MUL", CreateTableParser::higher);
        } else {
            keys.merge(columns.get(0), "MUL", CreateTableParser::higher);
        }
    }

    private static String higher(String a, String b) {
        return KEY_PRIORITY.indexOf(a) <= KEY_PRIORITY.indexOf(b) ? a : b;
    }

    static String read(Path file) {
        try {
            // Lenient decoding: dumps of latin1 databases may carry non-UTF-8 bytes in comments.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, "cannot read schema file " + file + ": " + e.getMessage(), e);
        }
    }
}
