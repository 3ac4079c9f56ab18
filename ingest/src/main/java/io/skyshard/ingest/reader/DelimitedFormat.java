package io.skyshard.ingest.reader;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The dialect of a delimited text file, as in MySQL's {@code LOAD DATA ... FIELDS TERMINATED BY
 * delimiter [OPTIONALLY] ENCLOSED BY quote ESCAPED BY escape LINES TERMINATED BY '\n'} and Qserv's
 * {@code in.csv} options.
 *
 * <ul>
 *   <li>{@code quote}: -1 for none. A field that starts with it runs to the matching quote; a doubled
 *       quote inside stands for one quote. Quoted fields are never NULL.</li>
 *   <li>{@code escape}: -1 for none. MySQL rules: {@code \0 \b \n \r \t \Z} are NUL, backspace,
 *       newline, carriage return, tab and Ctrl-Z; any other escaped byte stands for itself (so an
 *       escaped delimiter, quote, newline or escape is literal).</li>
 *   <li>{@code nullMarker}: the raw (unescaped, unquoted) field text meaning NULL, {@code \N} for MySQL
 *       dumps; the empty string makes empty unquoted fields NULL.</li>
 *   <li>Lines end with {@code \n} only: a {@code \r} is data (binary columns contain it), so CRLF files
 *       must be converted first.</li>
 * </ul>
 *
 * @param charset decoding of CHAR/VARCHAR fields (binary columns keep their bytes)
 */
public record DelimitedFormat(byte delimiter, int quote, int escape, String nullMarker, Charset charset) {
    public static final String MYSQL_NULL = "\\N";

    public DelimitedFormat {
        requireNonNull(nullMarker, "nullMarker");
        requireNonNull(charset, "charset");
        if (delimiter == '\n' || delimiter == quote || delimiter == escape) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT,
                    "delimiter must differ from newline, quote and escape characters");
        }
        if (quote != -1 && (quote < 0 || quote > 255 || quote == '\n' || quote == escape)) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "invalid quote character " + quote);
        }
        if (escape != -1 && (escape < 0 || escape > 255 || escape == '\n')) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "invalid escape character " + escape);
        }
    }

    /** MySQL {@code SELECT ... INTO OUTFILE} defaults: tab, no quotes, backslash escapes, {@code \N} NULL. */
    public static DelimitedFormat mysqlTsv() {
        return new DelimitedFormat((byte) '\t', -1, '\\', MYSQL_NULL, StandardCharsets.UTF_8);
    }

    /** Comma-separated MySQL dump: no quotes, backslash escapes, {@code \N} NULL. */
    public static DelimitedFormat mysqlCsv() {
        return new DelimitedFormat((byte) ',', -1, '\\', MYSQL_NULL, StandardCharsets.UTF_8);
    }

    public DelimitedFormat withDelimiter(char c) {
        return new DelimitedFormat(checkByte(c), quote, escape, nullMarker, charset);
    }

    /** {@code c} < 0 for no quoting. */
    public DelimitedFormat withQuote(int c) {
        return new DelimitedFormat(delimiter, c < 0 ? -1 : checkByte(c), escape, nullMarker, charset);
    }

    /** {@code c} < 0 for no escape character. */
    public DelimitedFormat withEscape(int c) {
        return new DelimitedFormat(delimiter, quote, c < 0 ? -1 : checkByte(c), nullMarker, charset);
    }

    public DelimitedFormat withNullMarker(String marker) {
        return new DelimitedFormat(delimiter, quote, escape, marker, charset);
    }

    public DelimitedFormat withCharset(Charset cs) {
        return new DelimitedFormat(delimiter, quote, escape, nullMarker, cs);
    }

    private static byte checkByte(int c) {
        if (c < 0 || c > 127) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT,
                    "format characters must be single ASCII characters, got " + c);
        }
        return (byte) c;
    }
}
