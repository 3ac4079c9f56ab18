package io.skyshard.tap.uws;

import io.skyshard.tap.output.Xml;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** UWS 1.1 XML documents: the job list and the job. */
public final class UwsXml {
    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String NAMESPACES = " xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\""
            + " xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

    private UwsXml() {
    }

    public static String jobList(List<Job> jobs, String asyncUrl) {
        StringBuilder b = new StringBuilder(HEADER);
        b.append("<uws:jobs").append(NAMESPACES).append(" version=\"1.1\">\n");
        for (Job j : jobs) {
            b.append("  <uws:jobref id=\"").append(Xml.escape(j.id())).append("\" xlink:href=\"")
                    .append(Xml.escape(asyncUrl + "/" + j.id())).append("\">\n");
            b.append("    <uws:phase>").append(j.phase()).append("</uws:phase>\n");
            if (j.runId() != null) {
                b.append("    <uws:runId>").append(Xml.escape(j.runId())).append("</uws:runId>\n");
            }
            element(b, "    ", "ownerId", j.owner());
            b.append("    <uws:creationTime>").append(time(j.creationTime())).append("</uws:creationTime>\n");
            b.append("  </uws:jobref>\n");
        }
        return b.append("</uws:jobs>\n").toString();
    }

    public static String job(Job j, String jobUrl) {
        StringBuilder b = new StringBuilder(HEADER);
        b.append("<uws:job").append(NAMESPACES).append(" version=\"1.1\">\n");
        b.append("  <uws:jobId>").append(Xml.escape(j.id())).append("</uws:jobId>\n");
        if (j.runId() != null) {
            b.append("  <uws:runId>").append(Xml.escape(j.runId())).append("</uws:runId>\n");
        }
        element(b, "  ", "ownerId", j.owner());
        b.append("  <uws:phase>").append(j.phase()).append("</uws:phase>\n");
        b.append("  <uws:quote xsi:nil=\"true\"/>\n");
        b.append("  <uws:creationTime>").append(time(j.creationTime())).append("</uws:creationTime>\n");
        element(b, "  ", "startTime", j.startTime() == null ? null : time(j.startTime()));
        element(b, "  ", "endTime", j.endTime() == null ? null : time(j.endTime()));
        b.append("  <uws:executionDuration>").append(j.executionDurationSeconds()).append("</uws:executionDuration>\n");
        b.append("  <uws:destruction>").append(time(j.destruction())).append("</uws:destruction>\n");
        b.append("  <uws:parameters>\n");
        for (Map.Entry<String, String> p : j.parameters().entrySet()) {
            b.append("    <uws:parameter id=\"").append(Xml.escape(p.getKey())).append("\">")
                    .append(Xml.escape(p.getValue())).append("</uws:parameter>\n");
        }
        if (!j.uploads().isEmpty()) {
            b.append("    <uws:parameter id=\"UPLOAD\">").append(Xml.escape(String.join(";", j.uploads())))
                    .append("</uws:parameter>\n");
        }
        b.append("  </uws:parameters>\n");
        b.append("  <uws:results>\n");
        if (j.phase() == Phase.COMPLETED) {
            b.append("    <uws:result id=\"result\" xlink:type=\"simple\" xlink:href=\"")
                    .append(Xml.escape(jobUrl + "/results/result")).append("\" mime-type=\"")
                    .append(Xml.escape(mimeType(j.resultContentType()))).append("\"/>\n");
        }
        b.append("  </uws:results>\n");
        if (j.phase() == Phase.ERROR) {
            b.append("  <uws:errorSummary type=\"fatal\" hasDetail=\"true\">\n    <uws:message>")
                    .append(Xml.escape(j.errorMessage())).append("</uws:message>\n  </uws:errorSummary>\n");
        }
        return b.append("</uws:job>\n").toString();
    }

    /** The MIME type without its charset parameter. */
    static String mimeType(String contentType) {
        if (contentType == null) {
            return "application/octet-stream";
        }
        int semi = contentType.indexOf("; charset");
        return semi < 0 ? contentType : contentType.substring(0, semi);
    }

    private static void element(StringBuilder b, String indent, String name, String value) {
        if (value == null) {
            b.append(indent).append("<uws:").append(name).append(" xsi:nil=\"true\"/>\n");
        } else {
            b.append(indent).append("<uws:").append(name).append(">").append(Xml.escape(value)).append("</uws:")
                    .append(name).append(">\n");
        }
    }

    /** ISO-8601 UTC with millisecond precision, as UWS timestamps are usually written. */
    public static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
