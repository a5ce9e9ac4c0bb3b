package io.tollgate.crypto;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.quarkus.runtime.configuration.ConfigurationException;

/** Validated AES-256 keys by id, and which one writes. */
public final class KeyRing {

    private final Map<String, SecretKey> keys;
    private final String activeId;

    KeyRing(Map<String, SecretKey> keys, String activeId) {
        this.keys = Map.copyOf(keys);
        this.activeId = activeId;
    }

    public String activeId() {
        return activeId;
    }

    SecretKey active() {
        return keys.get(activeId);
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /**
     * 32-byte keys for another purpose, one per key of the ring (HKDF-SHA256 with the purpose as
     * info), the active key's first: whoever shares the ring shares them, and rotating the ring
     * rotates them. No derived key reveals anything of the encryption keys.
     */
    public List<byte[]> derivedKeys(String purpose) {
        List<byte[]> derived = new ArrayList<>();
        derived.add(Hkdf.derive(active().getEncoded(), purpose));
        keys.forEach((id, key) -> {
            if (!id.equals(activeId)) {
                derived.add(Hkdf.derive(key.getEncoded(), purpose));
            }
        });
        return derived;
    }

    /** @throws ConfigurationException naming the faulty key; the message never shows key material */
    public static KeyRing from(Map<String, String> configured, Optional<String> active) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        configured.forEach((id, value) -> {
            String key = "tollgate.crypto.keys." + id;
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new ConfigurationException(key + ": a key id is 1 to 32 letters, digits, '-' or '_'");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(value.trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(key + ": not base64");
            }
            if (bytes.length != 32) {
                throw new ConfigurationException(key + ": must be 32 bytes (AES-256), got " + bytes.length
                        + "; generate one with: head -c 32 /dev/urandom | base64");
            }
            keys.put(id, new SecretKeySpec(bytes, "AES"));
        });
        if (keys.isEmpty()) {
            throw new ConfigurationException("tollgate.crypto.keys: no key configured to encrypt TOTP secrets; "
                    + "set tollgate.crypto.keys.<id> to 32 random bytes in base64 (head -c 32 /dev/urandom | base64)");
        }
        String activeId = active.orElseGet(() -> {
            if (keys.size() > 1) {
                throw new ConfigurationException("tollgate.crypto.active-key: required when several keys are configured");
            }
            return keys.keySet().iterator().next();
        });
        if (!keys.containsKey(activeId)) {
            throw new ConfigurationException("tollgate.crypto.active-key: '" + activeId + "' is not among the configured keys "
                    + keys.keySet());
        }
        return new KeyRing(keys, activeId);
    }
}
