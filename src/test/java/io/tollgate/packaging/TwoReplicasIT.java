package io.tollgate.packaging;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@link TwoReplicas} on one Redis server: the stores' own. */
class TwoReplicasIT extends TwoReplicas {

    @Override
    List<String> startRedis() {
        return List.of();
    }

    @Override
    void cutSubscriptions() throws IOException {
        URI redisUri = URI.create(stores.quarkusConfig().get("quarkus.redis.hosts").split(",")[0].trim());
        killPubSubClients(redisUri.getHost(), redisUri.getPort());
    }

    /** CLIENT KILL TYPE pubsub on one Redis server. */
    static void killPubSubClients(String host, int port) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.getOutputStream().write("CLIENT KILL TYPE pubsub\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.getInputStream().read(new byte[64]);
        }
    }

    @Override
    void stopRedis() {
        // the stores' Redis stops with them
    }
}
