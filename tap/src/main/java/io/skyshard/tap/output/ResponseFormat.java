package io.skyshard.tap.output;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.tap.TapErrorCode;
import java.util.List;
import java.util.Locale;

/** The result formats of RESPONSEFORMAT/FORMAT, with the MIME types the capabilities declare. */
public enum ResponseFormat {
    /** VOTable with BINARY2 serialisation: compact and exact; the default. */
    VOTABLE_BINARY2("application/x-votable+xml", List.of("votable", "votable/b2", "application/x-votable+xml",
            "application/x-votable+xml;serialization=binary2", "text/xml", "application/xml"), "vot"),
    VOTABLE_TABLEDATA("application/x-votable+xml;serialization=TABLEDATA", List.of("votable/td", "votabletd",
            "application/x-votable+xml;serialization=tabledata", "application/x-votable+xml;serialization=td"), "vot"),
    CSV("text/csv", List.of("csv", "text/csv", "text/csv;header=present"), "csv"),
    TSV("text/tab-separated-values", List.of("tsv", "text/tab-separated-values", "text/tsv"), "tsv");

    private final String mimeType;
    private final List<String> aliases;
    private final String extension;

    ResponseFormat(String mimeType, List<String> aliases, String extension) {
        this.mimeType = mimeType;
        this.aliases = aliases;
        this.extension = extension;
    }

    /** The Content-Type of a response in this format. */
    public String contentType() {
        return switch (this) {
            case VOTABLE_BINARY2, VOTABLE_TABLEDATA -> "application/x-votable+xml; charset=utf-8";
            case CSV -> "text/csv; charset=utf-8";
            case TSV -> "text/tab-separated-values; charset=utf-8";
        };
    }

    public String mimeType() {
        return mimeType;
    }

    public List<String> aliases() {
        return aliases;
    }

    public String extension() {
        return extension;
    }

    public boolean isVotable() {
        return this == VOTABLE_BINARY2 || this == VOTABLE_TABLEDATA;
    }

    /** The format a RESPONSEFORMAT value names (null or empty: the default VOTable). */
    public static ResponseFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return VOTABLE_BINARY2;
        }
        String v = value.toLowerCase(Locale.ROOT).replace(" ", "").replace("\"", "");
        for (ResponseFormat f : values()) {
            if (f.aliases.contains(v) || f.mimeType.toLowerCase(Locale.ROOT).equals(v)) {
                return f;
            }
        }
        if (v.startsWith("application/x-votable+xml") && v.contains("serialization=binary")) {
            return VOTABLE_BINARY2;
        }
        throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "RESPONSEFORMAT '" + value + "' is not supported;"
                + " use one of votable, votable/td, csv, tsv or their MIME types (" + String.join(", ",
                        java.util.Arrays.stream(values()).map(ResponseFormat::mimeType).toList()) + ")");
    }
}
