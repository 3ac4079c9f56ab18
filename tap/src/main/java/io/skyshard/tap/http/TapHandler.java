package io.skyshard.tap.http;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.frontend.http.HttpExchange;
import io.skyshard.czar.frontend.http.HttpHandler;
import io.skyshard.tap.TapConfig;
import io.skyshard.tap.TapErrorCode;
import io.skyshard.tap.adql.TapTable;
import io.skyshard.tap.execution.Execution;
import io.skyshard.tap.execution.QueryRunner;
import io.skyshard.tap.execution.TapParameters;
import io.skyshard.tap.execution.TapQuery;
import io.skyshard.tap.output.VoDocuments;
import io.skyshard.tap.schema.TapMetadata;
import io.skyshard.tap.upload.UploadSource;
import io.skyshard.tap.uws.Job;
import io.skyshard.tap.uws.JobManager;
import io.skyshard.tap.uws.Phase;
import io.skyshard.tap.uws.UwsXml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The TAP service's HTTP resources under {@code /tap}: {@code sync}, {@code async} (UWS 1.1),
 * {@code capabilities}, {@code availability}, {@code tables} and {@code examples}. Errors are
 * DALI VOTable error documents with 400 (request), 401/403 (login), 404 (no such job or table),
 * 500/503 (service).
 */
public final class TapHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(TapHandler.class.getName());
    private static final String VOTABLE = "application/x-votable+xml; charset=utf-8";
    private static final String XML = "text/xml; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    /** Parameters that steer UWS rather than describe the query; not stored as job parameters. */
    private static final List<String> CONTROL = List.of("PHASE", "ACTION", "WAIT", "UPLOAD", "EXECUTIONDURATION",
            "DESTRUCTION");

    private final String prefix;
    private final QueryRunner runner;
    private final JobManager jobs;
    private final TapConfig config;
    private final Supplier<ClusterSnapshot> snapshots;

    public TapHandler(String prefix, QueryRunner runner, JobManager jobs, TapConfig config, Supplier<ClusterSnapshot> snapshots) {
        this.prefix = requireNonNull(prefix, "prefix");
        this.runner = requireNonNull(runner, "runner");
        this.jobs = requireNonNull(jobs, "jobs");
        this.config = requireNonNull(config, "config");
        this.snapshots = requireNonNull(snapshots, "snapshots");
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (SkyshardException e) {
            sendError(exchange, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "TAP request " + exchange.method() + " " + exchange.path() + " failed", e);
            sendError(exchange, SkyshardException.wrap(e));
        }
    }

    @Override
    public void rejectOversized(HttpExchange exchange, long limitBytes) {
        sendError(exchange, new SkyshardException(TapErrorCode.UPLOAD_TOO_LARGE, "request larger than " + limitBytes
                + " bytes: this service accepts uploads of at most " + config.maxUploadBytes() + " bytes"));
    }

    private void route(HttpExchange exchange) {
        String rest = exchange.path().substring(prefix.length());
        if (rest.endsWith("/") && rest.length() > 1) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String[] parts = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/");
        if (parts.length == 0) {
            index(exchange);
            return;
        }
        switch (parts[0]) {
            case "sync" -> {
                exact(parts, 1);
                methods(exchange, HttpMethod.GET, HttpMethod.POST);
                sync(exchange, TapRequest.parse(exchange), login(exchange));
            }
            case "async" -> async(exchange, parts);
            case "capabilities" -> {
                exact(parts, 1);
                methods(exchange, HttpMethod.GET, HttpMethod.HEAD);
                send(exchange, HttpResponseStatus.OK, XML, VosiDocuments.capabilities(base(exchange), config));
            }
            case "availability" -> {
                exact(parts, 1);
                methods(exchange, HttpMethod.GET, HttpMethod.HEAD);
                ClusterSnapshot s = snapshots.get();
                boolean up = !s.workers().isEmpty();
                send(exchange, HttpResponseStatus.OK, XML, VosiDocuments.availability(up, up
                        ? "accepting queries: " + s.workers().size() + " worker(s), " + s.databases().size() + " database(s)"
                        : "no worker is registered"));
            }
            case "tables" -> tables(exchange, parts);
            case "examples" -> {
                exact(parts, 1);
                methods(exchange, HttpMethod.GET, HttpMethod.HEAD);
                send(exchange, HttpResponseStatus.OK, "application/xhtml+xml; charset=utf-8",
                        VosiDocuments.examples(runner.metadata()));
            }
            default -> throw notFound(exchange);
        }
    }

    private void index(HttpExchange exchange) {
        String base = base(exchange);
        String text = "Skyshard TAP 1.1 service (ADQL 2.1)\n\n"
                + "sync queries:   " + base + "/sync\n"
                + "async jobs:     " + base + "/async\n"
                + "capabilities:   " + base + "/capabilities\n"
                + "availability:   " + base + "/availability\n"
                + "tables:         " + base + "/tables\n"
                + "examples:       " + base + "/examples\n";
        send(exchange, HttpResponseStatus.OK, TEXT, text);
    }

    // ---- sync -------------------------------------------------------------------------------------

    private void sync(HttpExchange exchange, TapRequest request, String user) {
        List<UploadSource> uploads = UploadSource.parse(request.all("UPLOAD"), request.parts(), config.uploadHosts());
        TapQuery query = TapParameters.query(request.singleValues(List.of()), uploads, config);
        Execution execution = runner.execute(query, user == null ? "tap" : user, config.defaultExecution(), id -> { });
        HttpExchange.StreamingBody body = exchange.startStreaming(HttpResponseStatus.OK, query.format().contentType());
        try (execution) {
            execution.write(query.format(), body);
            body.close();
        } catch (IOException | RuntimeException e) {
            if (body.discard()) {
                sendError(exchange, SkyshardException.wrap(e instanceof IOException && e.getCause() != null ? e.getCause() : e));
            } else {
                // rows went out already; a VOTable carries the error at its end, other formats are cut short
                body.abort();
            }
        }
    }

    // ---- async ------------------------------------------------------------------------------------

    private void async(HttpExchange exchange, String[] parts) {
        String user = login(exchange);
        if (parts.length == 1) {
            methods(exchange, HttpMethod.GET, HttpMethod.POST);
            TapRequest request = TapRequest.parse(exchange);
            if (exchange.method().equals(HttpMethod.GET)) {
                send(exchange, HttpResponseStatus.OK, XML, UwsXml.jobList(filter(jobs.list(user), request), base(exchange) + "/async"));
                return;
            }
            Job job = jobs.create(request.singleValues(CONTROL), request.all("UPLOAD"), request.parts(), user);
            if ("RUN".equalsIgnoreCase(request.get("PHASE"))) {
                jobs.run(job.id());
            }
            redirect(exchange, base(exchange) + "/async/" + job.id());
            return;
        }
        Job job = jobs.require(parts[1]);
        if (user != null && !user.equals(job.owner())) {
            throw new SkyshardException(TapErrorCode.FORBIDDEN, "job " + job.id() + " belongs to another user");
        }
        String jobUrl = base(exchange) + "/async/" + job.id();
        if (parts.length == 2) {
            jobResource(exchange, job, jobUrl);
            return;
        }
        String sub = parts[2];
        switch (sub) {
            case "phase" -> {
                exact(parts, 3);
                methods(exchange, HttpMethod.GET, HttpMethod.POST);
                if (exchange.method().equals(HttpMethod.GET)) {
                    send(exchange, HttpResponseStatus.OK, TEXT, job.phase().name());
                    return;
                }
                TapRequest request = TapRequest.parse(exchange);
                changePhase(job, request.get("PHASE"));
                redirect(exchange, jobUrl);
            }
            case "executionduration" -> {
                exact(parts, 3);
                methods(exchange, HttpMethod.GET, HttpMethod.POST);
                if (exchange.method().equals(HttpMethod.POST)) {
                    jobs.setExecutionDuration(job.id(), longParameter(TapRequest.parse(exchange), "EXECUTIONDURATION"));
                    redirect(exchange, jobUrl);
                } else {
                    send(exchange, HttpResponseStatus.OK, TEXT, Long.toString(job.executionDurationSeconds()));
                }
            }
            case "destruction" -> {
                exact(parts, 3);
                methods(exchange, HttpMethod.GET, HttpMethod.POST);
                if (exchange.method().equals(HttpMethod.POST)) {
                    jobs.setDestruction(job.id(), instantParameter(TapRequest.parse(exchange), "DESTRUCTION"));
                    redirect(exchange, jobUrl);
                } else {
                    send(exchange, HttpResponseStatus.OK, TEXT, UwsXml.time(job.destruction()));
                }
            }
            case "quote" -> {
                exact(parts, 3);
                methods(exchange, HttpMethod.GET);
                send(exchange, HttpResponseStatus.OK, TEXT, "");
            }
            case "owner" -> {
                exact(parts, 3);
                methods(exchange, HttpMethod.GET);
                send(exchange, HttpResponseStatus.OK, TEXT, job.owner() == null ? "" : job.owner());
            }
            case "parameters" -> {
                exact(parts, 3);
                methods(exchange, HttpMethod.GET, HttpMethod.POST);
                if (exchange.method().equals(HttpMethod.POST)) {
                    TapRequest request = TapRequest.parse(exchange);
                    jobs.setParameters(job.id(), request.singleValues(CONTROL), request.all("UPLOAD"), request.parts());
                    redirect(exchange, jobUrl);
                } else {
                    String xml = UwsXml.job(job, jobUrl);
                    int from = xml.indexOf("<uws:parameters>");
                    int to = xml.indexOf("</uws:parameters>") + "</uws:parameters>".length();
                    send(exchange, HttpResponseStatus.OK, XML, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            + xml.substring(from, to).replaceFirst("<uws:parameters>", "<uws:parameters"
                                    + " xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\">") + "\n");
                }
            }
            case "error" -> {
                exact(parts, 3);
                methods(exchange, HttpMethod.GET);
                if (job.phase() != Phase.ERROR) {
                    throw new SkyshardException(TapErrorCode.JOB_NOT_FOUND, "job " + job.id() + " is " + job.phase()
                            + " and has no error");
                }
                exchange.send(HttpResponseStatus.OK, VOTABLE, VoDocuments.error(job.errorMessage()));
            }
            case "results" -> results(exchange, job, parts, jobUrl);
            default -> throw notFound(exchange);
        }
    }

    private void jobResource(HttpExchange exchange, Job job, String jobUrl) {
        methods(exchange, HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE);
        if (exchange.method().equals(HttpMethod.DELETE)) {
            jobs.delete(job.id());
            redirect(exchange, base(exchange) + "/async");
            return;
        }
        TapRequest request = TapRequest.parse(exchange);
        if (exchange.method().equals(HttpMethod.POST)) {
            String action = request.get("ACTION");
            if (action != null) {
                if (!action.equalsIgnoreCase("DELETE")) {
                    throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "ACTION '" + action + "' is not supported (use DELETE)");
                }
                jobs.delete(job.id());
                redirect(exchange, base(exchange) + "/async");
                return;
            }
            Map<String, String> params = request.singleValues(CONTROL);
            if (!params.isEmpty() || request.has("UPLOAD")) {
                jobs.setParameters(job.id(), params, request.all("UPLOAD"), request.parts());
            }
            if (request.has("EXECUTIONDURATION")) {
                jobs.setExecutionDuration(job.id(), longParameter(request, "EXECUTIONDURATION"));
            }
            if (request.has("DESTRUCTION")) {
                jobs.setDestruction(job.id(), instantParameter(request, "DESTRUCTION"));
            }
            if (request.has("PHASE")) {
                changePhase(job, request.get("PHASE"));
            }
            redirect(exchange, jobUrl);
            return;
        }
        Job current = job;
        String wait = request.get("WAIT");
        if (wait != null) {
            long seconds;
            try {
                seconds = Long.parseLong(wait.strip());
            } catch (NumberFormatException e) {
                throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "WAIT must be an integer number of seconds, got '" + wait + "'");
            }
            Phase phase = null;
            if (request.get("PHASE") != null) {
                phase = phase(request.get("PHASE"));
            }
            current = jobs.await(job.id(), phase, seconds < 0 ? Duration.ofDays(1) : Duration.ofSeconds(seconds));
        }
        send(exchange, HttpResponseStatus.OK, XML, UwsXml.job(current, jobUrl));
    }

    private void changePhase(Job job, String value) {
        if (value == null) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "PHASE is missing: use PHASE=RUN or PHASE=ABORT");
        }
        switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "RUN" -> jobs.run(job.id());
            case "ABORT" -> jobs.abort(job.id());
            default -> throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "PHASE '" + value
                    + "' cannot be requested: use RUN or ABORT");
        }
    }

    private void results(HttpExchange exchange, Job job, String[] parts, String jobUrl) {
        methods(exchange, HttpMethod.GET);
        if (parts.length == 3) {
            String xml = UwsXml.job(job, jobUrl);
            int from = xml.indexOf("<uws:results>");
            int to = xml.indexOf("</uws:results>") + "</uws:results>".length();
            send(exchange, HttpResponseStatus.OK, XML, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + xml.substring(from, to).replaceFirst("<uws:results>", "<uws:results xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\""
                            + " xmlns:xlink=\"http://www.w3.org/1999/xlink\">") + "\n");
            return;
        }
        if (parts.length != 4 || !parts[3].equals("result")) {
            throw notFound(exchange);
        }
        if (job.phase() != Phase.COMPLETED) {
            throw new SkyshardException(TapErrorCode.JOB_NOT_FOUND, "job " + job.id() + " is " + job.phase()
                    + ": it has no result" + (job.phase() == Phase.ERROR ? " (see its error)" : ""));
        }
        try (InputStream in = Files.newInputStream(jobs.resultPath(job))) {
            HttpExchange.StreamingBody body = exchange.startStreaming(HttpResponseStatus.OK, job.resultContentType());
            try {
                in.transferTo(body);
                body.close();
            } catch (IOException e) {
                body.abort();
            }
        } catch (NoSuchFileException e) {
            throw new SkyshardException(TapErrorCode.JOB_NOT_FOUND, "the result of job " + job.id() + " is gone");
        } catch (IOException e) {
            throw new SkyshardException(TapErrorCode.STORAGE_FAILED, "cannot read the result of job " + job.id() + ": "
                    + e.getMessage(), e);
        }
    }

    /** UWS 1.1 job list filters: PHASE (repeatable), AFTER (creation time), LAST (the most recent n). */
    private List<Job> filter(List<Job> all, TapRequest request) {
        List<Job> out = new ArrayList<>(all);
        List<String> phases = request.all("PHASE");
        if (!phases.isEmpty()) {
            Set<Phase> wanted = new java.util.HashSet<>();
            phases.forEach(p -> wanted.add(phase(p)));
            out.removeIf(j -> !wanted.contains(j.phase()));
        } else {
            out.removeIf(j -> j.phase() == Phase.ARCHIVED);
        }
        String after = request.get("AFTER");
        if (after != null) {
            Instant t = parseInstant("AFTER", after);
            out.removeIf(j -> !j.creationTime().isAfter(t));
        }
        String last = request.get("LAST");
        if (last != null) {
            int n;
            try {
                n = Integer.parseInt(last.strip());
            } catch (NumberFormatException e) {
                throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "LAST must be a positive integer, got '" + last + "'");
            }
            if (n < 1) {
                throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "LAST must be a positive integer, got " + n);
            }
            out.sort(Comparator.comparing(Job::creationTime).reversed());
            out = out.subList(0, Math.min(n, out.size()));
        }
        return out;
    }

    private static Phase phase(String value) {
        try {
            return Phase.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "PHASE '" + value + "' is not a UWS phase");
        }
    }

    private static long longParameter(TapRequest request, String name) {
        String v = request.get(name);
        try {
            return Long.parseLong(v == null ? "" : v.strip());
        } catch (NumberFormatException e) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, name + " must be an integer number of seconds, got '" + v + "'");
        }
    }

    private static Instant instantParameter(TapRequest request, String name) {
        String v = request.get(name);
        if (v == null) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, name + " is missing");
        }
        return parseInstant(name, v);
    }

    private static Instant parseInstant(String name, String v) {
        String s = v.strip();
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, name + " must be an ISO-8601 time such as"
                        + " 2030-01-01T00:00:00Z, got '" + v + "'");
            }
        }
    }

    // ---- tables -------------------------------------------------------------------------------------

    private void tables(HttpExchange exchange, String[] parts) {
        methods(exchange, HttpMethod.GET, HttpMethod.HEAD);
        TapMetadata m = runner.metadata();
        if (parts.length == 1) {
            TapRequest request = TapRequest.parse(exchange);
            String detail = request.get("DETAIL");
            if (detail != null && !detail.equalsIgnoreCase("min") && !detail.equalsIgnoreCase("max")) {
                throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "detail must be min or max, got '" + detail + "'");
            }
            send(exchange, HttpResponseStatus.OK, XML, VosiDocuments.tableset(m, !"min".equalsIgnoreCase(detail)));
            return;
        }
        String name = String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length));
        TapTable table = m.publishedTables().stream().filter(t -> t.qualifiedName().equals(name)).findFirst()
                .or(() -> m.publishedTables().stream().filter(t -> t.qualifiedName().equalsIgnoreCase(name)).findFirst())
                .orElseThrow(() -> new SkyshardException(TapErrorCode.JOB_NOT_FOUND, "no table " + name + " (see " + prefix + "/tables)"));
        send(exchange, HttpResponseStatus.OK, XML, VosiDocuments.table(m, table));
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    /** The user when authentication is configured (HTTP Basic against the czar users), else null. */
    private String login(HttpExchange exchange) {
        if (!config.authenticate()) {
            return null;
        }
        String header = exchange.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                String user = decoded.substring(0, colon);
                String password = decoded.substring(colon + 1);
                String expected = config.users().get(user);
                if (expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                        password.getBytes(StandardCharsets.UTF_8))) {
                    return user;
                }
            }
        }
        throw new SkyshardException(TapErrorCode.NOT_AUTHENTICATED, "this service requires a login (HTTP Basic authentication)");
    }

    private void sendError(HttpExchange exchange, SkyshardException e) {
        if (e.code().category() == ErrorCategory.INTERNAL) {
            LOG.log(System.Logger.Level.ERROR, "TAP request failed", e);
        }
        HttpResponseStatus status;
        if (e.code() == TapErrorCode.JOB_NOT_FOUND) {
            status = HttpResponseStatus.NOT_FOUND;
        } else if (e.code() == TapErrorCode.NOT_AUTHENTICATED) {
            status = HttpResponseStatus.UNAUTHORIZED;
        } else if (e.code() == TapErrorCode.FORBIDDEN) {
            status = HttpResponseStatus.FORBIDDEN;
        } else if (e.code() == TapErrorCode.METHOD_NOT_ALLOWED) {
            status = HttpResponseStatus.METHOD_NOT_ALLOWED;
        } else if (e.code() == TapErrorCode.UPLOAD_TOO_LARGE && e.getMessage().startsWith("request larger")) {
            status = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        } else {
            status = switch (e.code().category()) {
                case USER -> HttpResponseStatus.BAD_REQUEST;
                case RESOURCE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
                case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
            };
        }
        Map<String, String> headers = status == HttpResponseStatus.UNAUTHORIZED
                ? Map.of("WWW-Authenticate", "Basic realm=\"skyshard-tap\"") : Map.of();
        exchange.send(status, VOTABLE, VoDocuments.error(e.getMessage()), headers);
    }

    private static void send(HttpExchange exchange, HttpResponseStatus status, String contentType, String body) {
        exchange.send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void redirect(HttpExchange exchange, String location) {
        exchange.send(HttpResponseStatus.SEE_OTHER, TEXT, ("See " + location + "\n").getBytes(StandardCharsets.UTF_8),
                Map.of("Location", location));
    }

    private void exact(String[] parts, int n) {
        if (parts.length != n) {
            throw new SkyshardException(TapErrorCode.JOB_NOT_FOUND, "no such resource: " + prefix + "/" + String.join("/", parts));
        }
    }

    private SkyshardException notFound(HttpExchange exchange) {
        return new SkyshardException(TapErrorCode.JOB_NOT_FOUND, "no such resource: " + exchange.path());
    }

    private static void methods(HttpExchange exchange, HttpMethod... allowed) {
        for (HttpMethod m : allowed) {
            if (exchange.method().equals(m)) {
                return;
            }
        }
        throw new SkyshardException(TapErrorCode.METHOD_NOT_ALLOWED, exchange.path() + " accepts "
                + String.join(", ", java.util.Arrays.stream(allowed).map(HttpMethod::name).toList()) + ", not " + exchange.method());
    }

    /** The service's base URL as the client reached it. */
    private String base(HttpExchange exchange) {
        String host = exchange.header("X-Forwarded-Host");
        if (host == null) {
            host = exchange.header("Host");
        }
        if (host == null || host.isBlank()) {
            host = "127.0.0.1";
        }
        String proto = exchange.header("X-Forwarded-Proto");
        return (proto == null ? "http" : proto) + "://" + host.split(",")[0].strip() + prefix;
    }
}
