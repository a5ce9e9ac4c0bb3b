package io.tollgate.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes on a socket exactly as written — framing, header spellings and encodings no HTTP
 * client would send — from 127.0.0.1 (the suite's trusted proxy) or from 127.0.0.2 (anyone
 * else), and the answer as the gateway wrote it.
 */
final class Wire {

    static final InetAddress TRUSTED_PROXY = address(127, 0, 0, 1);
    static final InetAddress SOMEONE_ELSE = address(127, 0, 0, 2);

    /** An answer's head (status line and headers) and body, or the connection cut without one. */
    record Answer(String head, String body) {

        int status() {
            return head.isEmpty() ? 0 : Integer.parseInt(head.substring(9, 12));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private Wire() {
    }

    /** Sends {@code request} from the trusted proxy's address; reads until the gateway closes or 20 s pass. */
    static Answer send(int port, String request) throws IOException {
        return send(port, TRUSTED_PROXY, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Answer send(int port, InetAddress from, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(TRUSTED_PROXY, port), 5_000);
            socket.setSoTimeout(20_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (java.net.SocketException refusedMidway) {
                // The gateway answered and closed before taking all of it (a body too large): read the answer.
            }
            return read(socket.getInputStream());
        }
    }

    /** One answer: its head, then Content-Length bytes, the chunks, or what comes until the connection ends. */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                byte[] so = head.toByteArray();
                int n = so.length;
                if (n >= 4 && so[n - 4] == '\r' && so[n - 3] == '\n' && so[n - 2] == '\r' && so[n - 1] == '\n') {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException stopped) {
            // what came is the answer
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1).trim();
        Answer headOnly = new Answer(headText, "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            String length = headOnly.header("Content-Length");
            String encoding = headOnly.header("Transfer-Encoding");
            if (length != null) {
                body.write(in.readNBytes(Integer.parseInt(length)));
            } else if (encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != -1) {
                    raw.write(b);
                    if (raw.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")
                            || raw.toString(StandardCharsets.ISO_8859_1).equals("0\r\n\r\n")) {
                        break;
                    }
                }
                body.write(raw.toByteArray());
            } else if (headOnly.status() != 101 && headOnly.status() != 204 && headOnly.status() != 304) {
                in.transferTo(body);
            }
        } catch (SocketTimeoutException | java.net.SocketException stopped) {
            // what came is the answer
        }
        return new Answer(headText, body.toString(StandardCharsets.UTF_8));
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
