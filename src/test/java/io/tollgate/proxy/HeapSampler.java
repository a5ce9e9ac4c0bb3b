package io.tollgate.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Reads the gateway's heap use from its Prometheus metrics while a transfer runs, for the report. */
final class HeapSampler {

    private final URL metrics;
    private final AtomicLong peak = new AtomicLong();
    private final long baseline;
    private volatile boolean running = true;
    private final Thread thread;

    private HeapSampler(URL metrics) {
        this.metrics = metrics;
        this.baseline = (long) sum(metrics, "jvm_memory_used_bytes{area=\"heap\"");
        this.thread = new Thread(this::sample, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The packaged gateway's metrics, on the management port the failsafe configuration gives it. */
    static URL metricsUrl() {
        try {
            return new URL("http://localhost:" + System.getProperty("it.management.port", "9000") + "/q/metrics");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    static HeapSampler start(URL metrics) {
        return new HeapSampler(metrics);
    }

    void stopAndReport(String what) throws InterruptedException {
        running = false;
        thread.join();
        System.out.printf("%s: gateway heap used %d MiB before, %d MiB at most during the transfer%n", what,
                baseline >> 20, peak.get() >> 20);
    }

    private void sample() {
        while (running) {
            peak.accumulateAndGet((long) sum(metrics, "jvm_memory_used_bytes{area=\"heap\""), Math::max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sum of the samples whose name and first labels start with {@code prefix}; negative values skipped. */
    static double sum(URL metrics, String prefix) {
        try (InputStream in = metrics.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith(prefix))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .filter(v -> v > 0)
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
