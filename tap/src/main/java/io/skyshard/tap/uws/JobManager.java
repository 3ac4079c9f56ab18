package io.skyshard.tap.uws;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.tap.TapConfig;
import io.skyshard.tap.TapErrorCode;
import io.skyshard.tap.execution.Execution;
import io.skyshard.tap.execution.QueryRunner;
import io.skyshard.tap.execution.TapParameters;
import io.skyshard.tap.execution.TapQuery;
import io.skyshard.tap.upload.UploadSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The UWS job list: creates jobs, runs them on a bounded pool, aborts them (cancelling the
 * distributed query on the workers), keeps their results on disk until their destruction time, and
 * survives restarts: jobs are persisted at every change; a job that was queued is queued again, one
 * that was executing when the czar stopped ends in ERROR (its query died with the czar).
 */
public final class JobManager implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobManager.class.getName());
    private static final String RESULT_FILE = "result";

    private final JobStore store;
    private final QueryRunner runner;
    private final TapConfig config;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private final ExecutorService pool;
    private final ScheduledExecutorService reaper;

    /** A job being executed: its task and the id of its query in the query service. */
    private static final class Running {
        volatile Future<?> task;
        volatile long queryId = -1;
    }

    public JobManager(JobStore store, QueryRunner runner, TapConfig config) {
        this.store = requireNonNull(store, "store");
        this.runner = requireNonNull(runner, "runner");
        this.config = requireNonNull(config, "config");
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.maxRunningJobs(), r -> {
            Thread t = new Thread(r, "skyshard-tap-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skyshard-tap-reaper");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the persisted jobs, settles the ones a stop interrupted, and starts the destruction sweep. */
    public JobManager start() {
        Instant now = Instant.now();
        for (Job job : store.loadAll()) {
            Job settled = job;
            if (job.phase() == Phase.EXECUTING) {
                settled = job.finished(Phase.ERROR, now, "the service restarted while this job was executing; run it again");
                store.save(settled);
            }
            jobs.put(settled.id(), settled);
            if (settled.phase() == Phase.QUEUED) {
                submit(settled.id());
            }
        }
        sweep();
        reaper.scheduleWithFixedDelay(this::sweep, 30, 30, TimeUnit.SECONDS);
        return this;
    }

    /** Deletes jobs whose destruction time has passed. */
    void sweep() {
        Instant now = Instant.now();
        for (Job job : List.copyOf(jobs.values())) {
            if (job.destruction().isBefore(now)) {
                delete(job.id());
            }
        }
    }

    /**
     * Creates a PENDING job.
     *
     * @param params  request parameters, upper-case names (UWS control parameters excluded)
     * @param parts   the request's multipart parts, saved with the job when UPLOAD refers to them
     */
    public Job create(Map<String, String> params, List<String> uploadEntries, Map<String, byte[]> parts, String owner) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Instant now = Instant.now();
        List<String> uploads = saveUploads(id, uploadEntries, parts);
        Map<String, String> kept = new LinkedHashMap<>(params);
        String runId = kept.remove("RUNID");
        Job job = new Job(id, owner, runId, Phase.PENDING, now, null, null, config.defaultExecution().toSeconds(),
                now.plus(config.defaultRetention()), kept, uploads, null, null, null, 0, false);
        store.save(job);
        jobs.put(id, job);
        return job;
    }

    /** Inline upload parts are saved beside the job so that it can run (again) after the request is gone. */
    private List<String> saveUploads(String id, List<String> entries, Map<String, byte[]> parts) {
        List<UploadSource> sources = UploadSource.parse(entries, parts, config.uploadHosts());
        List<String> out = new ArrayList<>();
        for (UploadSource s : sources) {
            if (s.content() != null) {
                Path file = store.jobDir(id).resolve("upload-" + s.name() + ".vot");
                try {
                    Files.createDirectories(file.getParent());
                    Files.write(file, s.content());
                } catch (IOException e) {
                    throw new SkyshardException(TapErrorCode.STORAGE_FAILED, "cannot save upload " + s.name() + ": "
                            + e.getMessage(), e);
                }
                out.add(s.name() + ",param:" + s.name());
            } else {
                out.add(s.name() + "," + s.url());
            }
        }
        return out;
    }

    private List<UploadSource> uploadSources(Job job) throws IOException {
        Map<String, byte[]> parts = new HashMap<>();
        for (String entry : job.uploads()) {
            String name = entry.substring(0, entry.indexOf(','));
            Path file = store.jobDir(job.id()).resolve("upload-" + name + ".vot");
            if (Files.exists(file)) {
                parts.put(name, Files.readAllBytes(file));
            }
        }
        return UploadSource.parse(job.uploads(), parts, config.uploadHosts());
    }

    public Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Jobs visible to {@code owner} (all jobs when owner is null), oldest first. */
    public List<Job> list(String owner) {
        return jobs.values().stream().filter(j -> owner == null || owner.equals(j.owner()))
                .sorted(Comparator.comparing(Job::creationTime).thenComparing(Job::id)).toList();
    }

    /** PHASE=RUN: a PENDING job is queued; RUN on a job already past PENDING changes nothing. */
    public Job run(String id) {
        Job job = update(id, j -> j.phase() == Phase.PENDING ? j.withPhase(Phase.QUEUED) : j);
        if (job.phase() == Phase.QUEUED && !running.containsKey(id)) {
            submit(id);
        }
        return job;
    }

    private void submit(String id) {
        Running r = new Running();
        running.put(id, r);
        r.task = pool.submit(() -> execute(id, r));
    }

    /** PHASE=ABORT: stops a pending, queued or executing job, cancelling its query on every worker. */
    public Job abort(String id) {
        Job job = update(id, j -> j.phase().active() ? j.finished(Phase.ABORTED, Instant.now(), null) : j);
        Running r = running.get(id);
        if (r != null) {
            if (r.queryId >= 0) {
                runner.cancel(r.queryId);
            }
            Future<?> task = r.task;
            if (task != null) {
                task.cancel(true);
            }
        }
        return job;
    }

    public void delete(String id) {
        if (jobs.containsKey(id)) {
            abort(id);
        }
        jobs.remove(id);
        running.remove(id);
        store.delete(id);
        signal();
    }

    /** Changes parameters of a PENDING job (UWS 1.1 allows it before the job runs). */
    public Job setParameters(String id, Map<String, String> params, List<String> uploadEntries, Map<String, byte[]> parts) {
        return update(id, j -> {
            requirePending(j, "change its parameters");
            Map<String, String> merged = new LinkedHashMap<>(j.parameters());
            merged.putAll(params);
            String runId = merged.containsKey("RUNID") ? merged.remove("RUNID") : j.runId();
            List<String> uploads = new ArrayList<>(j.uploads());
            uploads.addAll(saveUploads(j.id(), uploadEntries, parts));
            return j.withParameters(merged, uploads, runId);
        });
    }

    public Job setExecutionDuration(String id, long seconds) {
        long capped = seconds <= 0 ? config.maxExecution().toSeconds() : Math.min(seconds, config.maxExecution().toSeconds());
        return update(id, j -> {
            requirePending(j, "change its execution duration");
            return j.withExecutionDuration(capped);
        });
    }

    public Job setDestruction(String id, Instant at) {
        return update(id, j -> {
            Instant latest = j.creationTime().plus(config.maxRetention());
            return j.withDestruction(at.isAfter(latest) ? latest : at);
        });
    }

    private static void requirePending(Job j, String what) {
        if (j.phase() != Phase.PENDING) {
            throw new SkyshardException(TapErrorCode.INVALID_PHASE, "job " + j.id() + " is " + j.phase()
                    + ": only a PENDING job can " + what);
        }
    }

    /**
     * UWS blocking WAIT: returns when the job's phase differs from {@code phase} (its current phase
     * when null), when it is not active, or after {@code max} (capped by the configuration).
     */
    public Job await(String id, Phase phase, Duration max) {
        Job job = require(id);
        Phase from = phase != null ? phase : job.phase();
        Duration wait = max.isNegative() || max.compareTo(config.maxWait()) > 0 ? config.maxWait() : max;
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (changed) {
            while (true) {
                job = jobs.get(id);
                if (job == null || job.phase() != from || !job.phase().active()) {
                    return job == null ? require(id) : job;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return job;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(changed, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return job;
                }
            }
        }
    }

    public Job require(String id) {
        Job j = jobs.get(id);
        if (j == null) {
            throw new SkyshardException(TapErrorCode.JOB_NOT_FOUND, "no job " + id + " (it may have been deleted"
                    + " or reached its destruction time)");
        }
        return j;
    }

    public Path resultPath(Job job) {
        return store.jobDir(job.id()).resolve(job.resultFile() == null ? RESULT_FILE : job.resultFile());
    }

    private interface Change {
        Job apply(Job job);
    }

    private Job update(String id, Change change) {
        synchronized (changed) {
            Job before = require(id);
            Job after = change.apply(before);
            if (after != before) {
                store.save(after);
                jobs.put(id, after);
                changed.notifyAll();
            }
            return after;
        }
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    private void execute(String id, Running r) {
        try {
            Job job;
            synchronized (changed) {
                job = jobs.get(id);
                if (job == null || job.phase() != Phase.QUEUED) {
                    return;
                }
                job = job.started(Instant.now());
                store.save(job);
                jobs.put(id, job);
                changed.notifyAll();
            }
            Path dir = store.jobDir(id);
            try {
                TapQuery query = TapParameters.query(job.parameters(), uploadSources(job), config);
                String user = job.owner() == null ? "tap" : job.owner();
                Path tmp = dir.resolve(RESULT_FILE + ".tmp");
                Execution.Outcome outcome;
                try (Execution ex = runner.execute(query, user, Duration.ofSeconds(job.executionDurationSeconds()),
                        queryId -> r.queryId = queryId);
                        OutputStream out = Files.newOutputStream(tmp)) {
                    outcome = ex.write(query.format(), out);
                }
                String file = RESULT_FILE + "." + query.format().extension();
                Files.move(tmp, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                update(id, j -> j.phase() == Phase.EXECUTING
                        ? j.completed(Instant.now(), query.format().contentType(), file, outcome.rows(), outcome.overflowed()) : j);
            } catch (Throwable t) {
                SkyshardException e = SkyshardException.wrap(t instanceof IOException && t.getCause() != null ? t.getCause() : t);
                if (e.code().category() == ErrorCategory.INTERNAL) {
                    LOG.log(System.Logger.Level.ERROR, "job " + id + " failed", t);
                }
                String message = e.getMessage();
                update(id, j -> j.phase() == Phase.EXECUTING ? j.finished(Phase.ERROR, Instant.now(), message) : j);
            }
        } finally {
            running.remove(id);
            Thread.interrupted();
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        for (Running r : running.values()) {
            if (r.queryId >= 0) {
                runner.cancel(r.queryId);
            }
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
