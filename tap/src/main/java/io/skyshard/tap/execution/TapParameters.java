package io.skyshard.tap.execution;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.tap.TapConfig;
import io.skyshard.tap.TapErrorCode;
import io.skyshard.tap.output.ResponseFormat;
import io.skyshard.tap.upload.UploadSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The TAP 1.1 query parameters (names upper-cased by the caller): REQUEST, LANG, QUERY, MAXREC,
 * RESPONSEFORMAT (or FORMAT). Unknown parameters are ignored, as DALI asks.
 */
public final class TapParameters {
    private static final Set<String> LANGUAGES = Set.of("ADQL", "ADQL-2.0", "ADQL-2.1");

    private TapParameters() {
    }

    public static TapQuery query(Map<String, String> params, List<UploadSource> uploads, TapConfig config) {
        String request = params.get("REQUEST");
        if (request != null && !request.isBlank() && !request.strip().equalsIgnoreCase("doQuery")) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "REQUEST '" + request
                    + "' is not supported: TAP 1.1 queries use REQUEST=doQuery (or no REQUEST)");
        }
        String lang = params.get("LANG");
        if (lang != null && !lang.isBlank() && !LANGUAGES.contains(lang.strip().toUpperCase(Locale.ROOT))) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "LANG '" + lang
                    + "' is not supported: use ADQL (ADQL-2.0 and ADQL-2.1 are accepted)");
        }
        String adql = params.get("QUERY");
        if (adql == null || adql.isBlank()) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "QUERY is missing: send the ADQL query in the QUERY parameter");
        }
        String format = params.get("RESPONSEFORMAT");
        if (format == null || format.isBlank()) {
            format = params.get("FORMAT");
        }
        return new TapQuery(adql, maxrec(params.get("MAXREC"), config), ResponseFormat.parse(format), uploads);
    }

    static long maxrec(String value, TapConfig config) {
        if (value == null || value.isBlank()) {
            return config.defaultMaxrec();
        }
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "MAXREC must be a non-negative integer, got '" + value + "'");
        }
        if (n < 0) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "MAXREC must be a non-negative integer, got " + n);
        }
        return Math.min(n, config.maxrecLimit());
    }
}
