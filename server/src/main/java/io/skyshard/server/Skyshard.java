package io.skyshard.server;

import io.skyshard.common.error.ErrorCategory;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.server.bench.BenchCommand;
import io.skyshard.server.ingest.IngestCommand;
import io.skyshard.server.ingest.PartitionCommand;
import io.skyshard.server.role.ControllerCommand;
import io.skyshard.server.role.CzarCommand;
import io.skyshard.server.role.DemoCommand;
import io.skyshard.server.role.WorkerCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code skyshard} command: every role and tool of the distribution behind one entry point. */
@Command(
        name = "skyshard",
        mixinStandardHelpOptions = true,
        versionProvider = Skyshard.Version.class,
        description = "Skyshard: a distributed SQL database for astronomical catalogs.",
        subcommands = {
            DemoCommand.class,
            ControllerCommand.class,
            WorkerCommand.class,
            CzarCommand.class,
            BenchCommand.class,
            IngestCommand.class,
            PartitionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Skyshard implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // One line per log record (JUL's default spreads each record over two lines).
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
        int code = commandLine().execute(args);
        // A running role returns only after it stopped; exit explicitly so stray non-daemon threads
        // of a library cannot keep a finished command alive.
        System.exit(code);
    }

    /** The configured command line (also used by tests to run commands without exiting the JVM). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Skyshard());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof SkyshardException s && s.code().category() != ErrorCategory.INTERNAL) {
                // Configuration and resource errors are the user's to fix: the message is the report.
                commandLine.getErr().println("skyshard: error: " + s.getMessage());
            } else {
                commandLine.getErr().println("skyshard: error: " + e);
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        // Without a subcommand there is nothing to run: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The project version, filtered into a resource at build time. */
    public static String version() {
        try (InputStream in = Skyshard.class.getResourceAsStream("/skyshard-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through: the version is informational only
        }
        return "unknown";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"skyshard " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
