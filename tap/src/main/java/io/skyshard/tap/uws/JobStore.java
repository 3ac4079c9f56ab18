package io.skyshard.tap.uws;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.tap.TapErrorCode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Jobs on disk: {@code <dir>/<jobId>/job.json} (written to a temporary file and renamed, so a crash
 * leaves the old or the new record, never half of one), plus the job's uploads and result file in
 * the same directory.
 */
public final class JobStore {
    private static final System.Logger LOG = System.getLogger(JobStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule()
                    .addSerializer(Instant.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                            gen.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Instant.class, new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                            return Instant.parse(p.getValueAsString());
                        }
                    }));

    private final Path dir;

    public JobStore(Path dir) {
        this.dir = requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SkyshardException(TapErrorCode.STORAGE_FAILED, "cannot create the job directory " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    public Path jobDir(String id) {
        return dir.resolve(id);
    }

    public void save(Job job) {
        Path jobDir = jobDir(job.id());
        try {
            Files.createDirectories(jobDir);
            Path tmp = jobDir.resolve("job.json.tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(job));
            try {
                Files.move(tmp, jobDir.resolve("job.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, jobDir.resolve("job.json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SkyshardException(TapErrorCode.STORAGE_FAILED, "cannot save job " + job.id() + ": " + e.getMessage(), e);
        }
    }

    /** Every job on disk; unreadable records are logged and skipped. */
    public List<Job> loadAll() {
        List<Job> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                Path file = d.resolve("job.json");
                if (!Files.exists(file)) {
                    continue;
                }
                try {
                    out.add(JSON.readValue(file.toFile(), Job.class));
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping unreadable job record " + file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new SkyshardException(TapErrorCode.STORAGE_FAILED, "cannot list jobs in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    public void delete(String id) {
        Path d = jobDir(id);
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete job directory " + d + ": " + e.getMessage());
        }
    }
}
