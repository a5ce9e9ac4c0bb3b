package io.tollgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the tests' Redis set-ups (Sentinel, Cluster) share: redis-cli, their logs, waiting for a state. */
final class RedisProcesses {

    private RedisProcesses() {
    }

    /** Runs Debian's redis-cli with these arguments; answers what it printed. */
    static String cli(List<String> arguments) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("/usr/bin/redis-cli"));
        args.addAll(arguments);
        Process cli = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        cli.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** redis-cli against one server on the loopback. */
    static String cli(int port, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", String.valueOf(port)));
        args.addAll(List.of(command));
        return cli(args);
    }

    /** Every *.log of the folder, for a failing test's message. */
    static String logs(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                all.append("== ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        }
        return all.toString();
    }

    /** Polls {@code check} until it holds; fails naming {@code what}, with the folder's logs. */
    static void await(Path dir, Duration limit, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(what + " not seen within " + limit + "\n" + logs(dir));
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }
}
