package io.tollgate.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A server from the system's packages (nginx, Caddy…) started by a test, in its own
 * directory, and stopped with it. Its output goes to {@code server.log} in that directory,
 * which a failed start quotes.
 */
public final class ExternalServer implements AutoCloseable {

    private final Process process;
    private final Path directory;

    private ExternalServer(Process process, Path directory) {
        this.process = process;
        this.directory = directory;
    }

    /** The executable, or null: the caller skips its test with a message naming the package. */
    public static Path find(String... candidates) {
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return path;
            }
        }
        return null;
    }

    /** Starts the command and waits until {@code port} on the loopback accepts connections. */
    public static ExternalServer start(Path directory, List<String> command, Map<String, String> environment, int port)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("server.log").toFile());
        builder.environment().putAll(environment);
        ExternalServer server = new ExternalServer(builder.start(), directory);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.process.isAlive()) {
                throw new IllegalStateException(command.get(0) + " exited with " + server.process.exitValue() + ":\n"
                        + server.log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new IllegalStateException(command.get(0) + " did not listen on " + port + ":\n" + server.log());
    }

    public String log() {
        try {
            return Files.readString(directory.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
