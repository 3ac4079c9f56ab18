package io.skyshard.integration;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One loaded cluster shared by the test classes of this module (they run in one JVM): loading the
 * sample catalog is the expensive part, and none of the tests here modify it.
 */
final class SharedCluster {
    private static LocalCluster cluster;

    private SharedCluster() {
    }

    static synchronized LocalCluster get() throws Exception {
        if (cluster == null) {
            Path dir = Files.createTempDirectory("skyshard-it");
            cluster = new LocalCluster(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    cluster.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        }
        return cluster;
    }
}
