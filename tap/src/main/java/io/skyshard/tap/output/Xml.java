package io.skyshard.tap.output;

/** XML escaping for the documents the service writes (VOTable envelopes, UWS, VOSI). */
public final class Xml {
    private Xml() {
    }

    /**
     * Text or double-quoted attribute content: markup characters and double quotes escaped,
     * characters XML 1.0 forbids dropped.
     */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
