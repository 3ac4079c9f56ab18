package io.skyshard.ingest.schema;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits MySQL DDL text (mysqldump output, column type strings) into tokens. Comments of every MySQL
 * kind are dropped, including the versioned {@code /*!40101 ... *}{@code /} ones: mysqldump only puts
 * session settings and view definitions there, never the {@code CREATE TABLE} itself.
 */
final class SqlLexer {
    enum Kind { WORD, NUMBER, STRING, QUOTED_NAME, SYMBOL }

    /** {@code text} is the identifier or literal without quotes; {@code line} is 1-based. */
    record Token(Kind kind, String text, int line) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
        }

        /** A name as written, backquoted or not. */
        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
        }
    }

    private SqlLexer() {
    }

    static List<Token> tokenize(String text, String source) {
        List<Token> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        int line = 1;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || (c == '-' && i + 1 < n && text.charAt(i + 1) == '-'
                    && (i + 2 >= n || Character.isWhitespace(text.charAt(i + 2))))) {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw error(source, line, "unterminated /* comment");
                }
                for (int k = i; k < end; k++) {
                    if (text.charAt(k) == '\n') {
                        line++;
                    }
                }
                i = end + 2;
            } else if (c == '`' || c == '\'' || c == '"') {
                int startLine = line;
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = text.charAt(i);
                    if (d == '\n') {
                        line++;
                    }
                    if (d == '\\' && c != '`' && i + 1 < n) {
                        sb.append(text.charAt(i + 1));
                        i += 2;
                    } else if (d == c) {
                        if (i + 1 < n && text.charAt(i + 1) == c) {
                            sb.append(c);
                            i += 2;
                        } else {
                            i++;
                            closed = true;
                            break;
                        }
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw error(source, startLine, "unterminated " + c + "quoted text");
                }
                out.add(new Token(c == '`' ? Kind.QUOTED_NAME : Kind.STRING, sb.toString(), startLine));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, text.substring(start, i), line));
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, text.substring(start, i), line));
            } else {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c), line));
                i++;
            }
        }
        return out;
    }

    static SkyshardException error(String source, int line, String message) {
        return new SkyshardException(IngestErrorCode.INVALID_SCHEMA, source + " line " + line + ": " + message);
    }
}
