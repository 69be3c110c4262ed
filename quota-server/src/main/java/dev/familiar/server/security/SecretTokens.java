package dev.familiar.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * High-entropy secrets we hand out (API keys, activation codes, refresh tokens): a recognisable prefix and 40
 * random base62 characters (~238 bits). Only their SHA-256 is stored: with that much entropy a fast hash is
 * enough, and it lets a presented secret be found by an index look-up.
 */
public final class SecretTokens {
    public static final String API_KEY_PREFIX = "famk_";
    public static final String ACTIVATION_CODE_PREFIX = "fama_";
    public static final String REFRESH_TOKEN_PREFIX = "famr_";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private SecretTokens() {
    }

    public static String generate(String prefix) {
        StringBuilder out = new StringBuilder(prefix);
        for (int i = 0; i < 40; i++) {
            out.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return out.toString();
    }

    public static String sha256(String secret) {
        // one digest per thread: looking the algorithm up per call cost more than hashing a short text
        // (docs/performance/ledger.md); digest() resets it for the next call
        return HEX.formatHex(SHA256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }
}
