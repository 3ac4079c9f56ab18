package io.skyshard.tap.upload;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.tap.TapErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of the UPLOAD parameter: the table name and where its VOTable is, either a part of the
 * request ({@code param:part}, kept as bytes) or a URL fetched when the query runs
 * ({@code http(s)://...}, only from the configured hosts).
 */
public record UploadSource(String name, byte[] content, URI url) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public UploadSource {
        requireNonNull(name, "name");
        if ((content == null) == (url == null)) {
            throw new IllegalArgumentException("an upload has either content or a URL");
        }
    }

    /**
     * Parses UPLOAD values ({@code name,location[;name,location...]}, possibly several parameters).
     *
     * @param parts the request's multipart parts by name (for {@code param:} locations)
     */
    public static List<UploadSource> parse(List<String> values, Map<String, byte[]> parts, Set<String> allowedHosts) {
        List<UploadSource> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String value : values) {
            for (String entry : value.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                int comma = entry.indexOf(',');
                if (comma < 0) {
                    throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "UPLOAD entry '" + entry.strip()
                            + "' must be 'name,location' (location: param:part or http://...)");
                }
                String name = entry.substring(0, comma).strip();
                String location = entry.substring(comma + 1).strip();
                if (!NAME.matcher(name).matches()) {
                    throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "UPLOAD table name '" + name
                            + "' is not an ADQL identifier (a letter, then letters, digits or _)");
                }
                if (!names.add(name.toLowerCase(Locale.ROOT))) {
                    throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "UPLOAD names table '" + name + "' twice");
                }
                out.add(source(name, location, parts, allowedHosts));
            }
        }
        return out;
    }

    private static UploadSource source(String name, String location, Map<String, byte[]> parts, Set<String> allowedHosts) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("param:")) {
            String part = location.substring("param:".length());
            byte[] content = parts.get(part);
            if (content == null) {
                throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "UPLOAD of '" + name + "' names the request part '"
                        + part + "', which the request does not have (send it as a multipart/form-data part)");
            }
            return new UploadSource(name, content, null);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI uri;
            try {
                uri = URI.create(location);
            } catch (IllegalArgumentException e) {
                throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "UPLOAD URL of '" + name + "' is malformed: " + location);
            }
            checkHost(name, uri, allowedHosts);
            return new UploadSource(name, null, uri);
        }
        throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "UPLOAD location '" + location + "' of '" + name
                + "' is not supported: use param:part (inline) or an http(s) URL");
    }

    private static void checkHost(String name, URI uri, Set<String> allowedHosts) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        String hostPort = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        boolean allowed = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .anyMatch(h -> h.equals(host) || h.equals(hostPort));
        if (!allowed) {
            throw new SkyshardException(TapErrorCode.UPLOAD_HOST_NOT_ALLOWED, "UPLOAD of '" + name + "' from host '"
                    + hostPort + "' is not allowed" + (allowedHosts.isEmpty() ? ": this service accepts inline uploads only"
                            : "; allowed hosts: " + String.join(", ", allowedHosts.stream().sorted().toList())));
        }
    }

    /** The VOTable bytes: the inline content, or the URL's body (at most {@code maxBytes}). */
    public byte[] read(int maxBytes, Set<String> allowedHosts) {
        if (content != null) {
            return content;
        }
        checkHost(name, url, allowedHosts);
        try {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "UPLOAD of '" + name + "': " + url + " answered HTTP "
                            + response.statusCode());
                }
                byte[] body = in.readNBytes(maxBytes + 1);
                if (body.length > maxBytes) {
                    throw new SkyshardException(TapErrorCode.UPLOAD_TOO_LARGE, "UPLOAD of '" + name + "': " + url
                            + " is larger than " + maxBytes + " bytes, the most this service accepts");
                }
                return body;
            }
        } catch (IOException e) {
            throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "UPLOAD of '" + name + "': cannot fetch " + url + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkyshardException(TapErrorCode.INVALID_UPLOAD, "UPLOAD of '" + name + "': interrupted while fetching " + url, e);
        }
    }
}
