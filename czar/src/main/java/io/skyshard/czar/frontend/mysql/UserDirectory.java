package io.skyshard.czar.frontend.mysql;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The users allowed to connect over the MySQL protocol and their passwords. Passwords are kept only
 * as SHA1(SHA1(password)), which is all {@code mysql_native_password} needs to check a reply.
 */
public final class UserDirectory {
    private final Map<String, byte[]> doubleHashes;

    /** @param passwords user name -> clear-text password ("" for no password) */
    public UserDirectory(Map<String, String> passwords) {
        requireNonNull(passwords, "passwords");
        Map<String, byte[]> hashes = new java.util.HashMap<>();
        passwords.forEach((user, password) -> {
            requireNonNull(user, "user");
            requireNonNull(password, "password of user " + user);
            hashes.put(user, password.isEmpty() ? new byte[0] : sha1(sha1(password.getBytes(StandardCharsets.UTF_8))));
        });
        this.doubleHashes = Map.copyOf(hashes);
    }

    /** The demo set-up, as in Qserv: user {@code qsmaster} without a password. */
    public static UserDirectory demo() {
        return new UserDirectory(Map.of("qsmaster", ""));
    }

    public boolean hasUser(String user) {
        return doubleHashes.containsKey(user);
    }

    /**
     * Checks a {@code mysql_native_password} reply: the client sent SHA1(pw) XOR SHA1(scramble +
     * SHA1(SHA1(pw))); XOR-ing it back with SHA1(scramble + stored) yields SHA1(pw), whose SHA1 must be
     * the stored double hash. An empty password is answered by an empty reply.
     */
    public boolean authenticate(String user, byte[] scramble, byte[] authResponse) {
        byte[] stored = doubleHashes.get(user);
        if (stored == null) {
            return false;
        }
        if (stored.length == 0) {
            return authResponse.length == 0;
        }
        if (authResponse.length != 20) {
            return false;
        }
        MessageDigest md = sha1Digest();
        md.update(scramble);
        md.update(stored);
        byte[] mask = md.digest();
        byte[] candidate = new byte[20];
        for (int i = 0; i < 20; i++) {
            candidate[i] = (byte) (authResponse[i] ^ mask[i]);
        }
        return MessageDigest.isEqual(sha1(candidate), stored);
    }

    /** What a client computes from its password; used by tests and tools. */
    static byte[] scramblePassword(String password, byte[] scramble) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = sha1(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha1(stage1);
        MessageDigest md = sha1Digest();
        md.update(scramble);
        md.update(stage2);
        byte[] mask = md.digest();
        for (int i = 0; i < 20; i++) {
            stage1[i] ^= mask[i];
        }
        return stage1;
    }

    private static byte[] sha1(byte[] data) {
        return sha1Digest().digest(data);
    }

    private static MessageDigest sha1Digest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java runtime", e);
        }
    }
}
