package io.tollgate.testing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import io.tollgate.devstack.EmbeddedStores;

/**
 * For benchmarks of the packaged gateway: starts the embedded PostgreSQL and Redis, writes the
 * gateway's store settings (as -D options) to the file named by the first argument, and runs
 * until killed.
 */
public final class BenchStores {

    private BenchStores() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        EmbeddedStores stores = EmbeddedStores.start(Files.createTempDirectory("tollgate-bench-stores"), false);
        Runtime.getRuntime().addShutdownHook(new Thread(stores::close));
        Map<String, String> config = stores.quarkusConfig();
        Files.writeString(out, config.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")) + "\n");
        Thread.currentThread().join();
    }
}
