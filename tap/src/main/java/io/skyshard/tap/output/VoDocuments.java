package io.skyshard.tap.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** The VOTable envelope of TAP responses and the DALI error document. */
public final class VoDocuments {
    private VoDocuments() {
    }

    static void startResults(BufferedWriter w, String status) throws IOException {
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        w.write("<VOTABLE version=\"" + ResultWriter.VERSION.getVersionNumber() + "\" xmlns=\""
                + ResultWriter.VERSION.getXmlNamespace() + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
        w.write("<RESOURCE type=\"results\">\n");
        info(w, "QUERY_STATUS", status, null);
    }

    static void endResults(BufferedWriter w) throws IOException {
        w.write("</RESOURCE>\n</VOTABLE>\n");
    }

    static void info(BufferedWriter w, String name, String value, String text) throws IOException {
        w.write("<INFO name=\"" + Xml.escape(name) + "\" value=\"" + Xml.escape(value) + "\"");
        if (text == null) {
            w.write("/>\n");
        } else {
            w.write(">" + Xml.escape(text) + "</INFO>\n");
        }
    }

    /** A DALI error document: {@code QUERY_STATUS=ERROR} with the message. */
    public static byte[] error(String message) {
        StringWriter s = new StringWriter();
        try (BufferedWriter w = new BufferedWriter(s)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            w.write("<VOTABLE version=\"" + ResultWriter.VERSION.getVersionNumber() + "\" xmlns=\""
                    + ResultWriter.VERSION.getXmlNamespace() + "\">\n");
            w.write("<RESOURCE type=\"results\">\n");
            info(w, "QUERY_STATUS", "ERROR", message == null ? "error" : message);
            endResults(w);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
