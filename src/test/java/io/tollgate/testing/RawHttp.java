package io.tollgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Sends a request exactly as written, for targets and versions that HTTP clients refuse or rewrite. */
public final class RawHttp {

    public record Exchange(String head, byte[] body) {
        public int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    /** One request on its own connection, read until the server closes it. */
    public static Exchange send(URL server, String requestLineAndHeaders) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write((requestLineAndHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            byte[] bytes = all.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            byte[] body = new byte[bytes.length - split - 4];
            System.arraycopy(bytes, split + 4, body, 0, body.length);
            return new Exchange(text.substring(0, split), body);
        }
    }
}
