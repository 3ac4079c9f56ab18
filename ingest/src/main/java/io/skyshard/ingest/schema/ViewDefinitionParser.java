package io.skyshard.ingest.schema;

import io.skyshard.common.catalog.ViewDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The view of a mysqldump schema file, as Qserv's test catalogs carry them: mysqldump writes the
 * definition in a versioned comment, {@code /*!50001 VIEW `DeepSource` AS select `RunDeepSource`.`id`
 * AS `deepSourceId`, ... from `RunDeepSource` *}{@code /}. Views that show one table's columns under
 * names of their own (and constant hexadecimal columns such as {@code 0x00 AS flagNegative}) are
 * read; any other definition (expressions, WHERE, joins) is refused naming
 * the file, line and what is there, since a query must never read a view as something it is not.
 */
public final class ViewDefinitionParser {
    /** The body of a versioned comment that defines a view. */
    private static final Pattern VIEW_COMMENT = Pattern.compile("/\\*!\\d{5}\\s+(VIEW\\s.*?)\\*/",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private ViewDefinitionParser() {
    }

    /** The view {@code file} defines, or empty when it defines none. */
    public static Optional<ViewDef> parseFile(Path file) {
        return parse(CreateTableParser.read(file), file.toString());
    }

    /** The view a mysqldump script defines, or empty when it defines none. */
    public static Optional<ViewDef> parse(String script, String source) {
        Matcher m = VIEW_COMMENT.matcher(script);
        if (!m.find()) {
            return Optional.empty();
        }
        int line = 1 + (int) script.substring(0, m.start(1)).chars().filter(c -> c == '\n').count();
        List<SqlLexer.Token> t = new ArrayList<>();
        for (SqlLexer.Token token : SqlLexer.tokenize(m.group(1), source)) {
            t.add(new SqlLexer.Token(token.kind(), token.text(), token.line() + line - 1));
        }
        Cursor c = new Cursor(t, source);
        c.word("VIEW");
        String name = c.name("the view's name");
        c.word("AS");
        c.word("SELECT");
        List<String[]> items = new ArrayList<>(); // {table or null, column, alias}
        do {
            String constant = c.hexLiteral();
            if (constant != null) {
                c.word("AS");
                items.add(new String[] {null, null, c.name("the column's name"), constant});
                continue;
            }
            String first = c.name("a column");
            String table = null;
            String column = first;
            if (c.symbol('.')) {
                table = first;
                column = c.name("a column");
            }
            String alias = column;
            if (c.optionalWord("AS")) {
                alias = c.name("the column's name");
            }
            items.add(new String[] {table, column, alias, null});
        } while (c.symbol(','));
        c.word("FROM");
        String base = c.name("the table the view shows");
        if (!c.atEnd()) {
            throw c.unsupported();
        }
        List<ViewDef.Column> columns = new ArrayList<>();
        for (String[] item : items) {
            if (item[0] != null && !item[0].equalsIgnoreCase(base)) {
                throw SqlLexer.error(source, line, "view " + name + ": column " + item[0] + "." + item[1]
                        + " is not of its table " + base);
            }
            columns.add(new ViewDef.Column(item[2], item[1], item[3]));
        }
        return Optional.of(new ViewDef(name, base, columns));
    }

    /** Walks the tokens of one definition. */
    private static final class Cursor {
        private final List<SqlLexer.Token> tokens;
        private final String source;
        private int i;

        Cursor(List<SqlLexer.Token> tokens, String source) {
            this.tokens = tokens;
            this.source = source;
        }

        boolean atEnd() {
            return i >= tokens.size() || i == tokens.size() - 1 && tokens.get(i).isSymbol(';');
        }

        void word(String w) {
            if (i >= tokens.size() || !tokens.get(i).isWord(w)) {
                throw expected(w);
            }
            i++;
        }

        boolean optionalWord(String w) {
            if (i < tokens.size() && tokens.get(i).isWord(w)) {
                i++;
                return true;
            }
            return false;
        }

        boolean symbol(char s) {
            if (i < tokens.size() && tokens.get(i).isSymbol(s)) {
                i++;
                return true;
            }
            return false;
        }

        /** A hexadecimal literal ({@code 0x00}) if one is next, else null. */
        String hexLiteral() {
            if (i < tokens.size() && tokens.get(i).kind() == SqlLexer.Kind.NUMBER && ViewDef.Column.isHexLiteral(tokens.get(i).text())) {
                return tokens.get(i++).text();
            }
            return null;
        }

        String name(String what) {
            if (i >= tokens.size() || !tokens.get(i).isName()) {
                throw expected(what);
            }
            return tokens.get(i++).text();
        }

        private SkyshardException expected(String what) {
            if (i >= tokens.size()) {
                return SqlLexer.error(source, tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line(),
                        "view definition ends where " + what + " was expected");
            }
            return unsupported(what);
        }

        SkyshardException unsupported() {
            return unsupported("the end of the definition");
        }

        private SkyshardException unsupported(String what) {
            SqlLexer.Token at = tokens.get(i);
            return new SkyshardException(IngestErrorCode.INVALID_SCHEMA, source + " line " + at.line() + ": expected "
                    + what + " at '" + at.text() + "': only views showing one table's columns (SELECT t.c AS name, ... "
                    + "FROM t) are supported");
        }
    }
}
