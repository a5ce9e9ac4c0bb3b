package io.tollgate.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A keep-alive upstream that records every request it parses, written on plain sockets so
 * that it reads a connection the way a simple origin server does: a request line, headers,
 * then exactly Content-Length bytes (or chunks), then the next request on the same
 * connection. If a proxy sends a body whose length differs from the one it declared, the
 * rest is parsed, and recorded, as another request: a smuggled one.
 */
public final class RecordingUpstream implements AutoCloseable {

    /** One request as this upstream understood it. */
    public record Recorded(String method, String target, String version, List<String> headerLines, byte[] body,
            List<String> trailerLines) {

        public Recorded(String method, String target, String version, List<String> headerLines, byte[] body) {
            this(method, target, version, headerLines, body, List.of());
        }

        public String header(String name) {
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final ServerSocket server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private RecordingUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "recording-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RecordingUpstream start() {
        try {
            return new RecordingUpstream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Every request parsed so far, in order. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public int count() {
        return requests.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "recording-upstream-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                List<String> headers = new ArrayList<>();
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    headers.add(h);
                }
                String[] parts = requestLine.split(" ", 3);
                Recorded partial = new Recorded(parts[0], parts.length > 1 ? parts[1] : "",
                        parts.length > 2 ? parts[2] : "", headers, new byte[0]);
                byte[] body;
                List<String> trailers = new ArrayList<>();
                String te = partial.header("transfer-encoding");
                String cl = partial.header("content-length");
                if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                    body = chunked(in, trailers);
                } else if (cl != null) {
                    body = in.readNBytes(Integer.parseInt(cl.trim()));
                } else {
                    body = new byte[0];
                }
                requests.add(new Recorded(partial.method(), partial.target(), partial.version(), headers, body,
                        List.copyOf(trailers)));
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nrecorded"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // The connection ends; what was parsed is recorded.
        }
    }

    private static byte[] chunked(InputStream in, List<String> trailers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                return body.toByteArray();
            }
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    trailers.add(trailer);
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }

    /** A line without its CRLF; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] raw = bytes.toByteArray();
                int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
                return new String(raw, 0, length, StandardCharsets.ISO_8859_1);
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
