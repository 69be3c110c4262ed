package dev.familiar.server.billing.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Stripe's {@code Stripe-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">}
 * (several {@code v1} entries during a secret roll). The signed payload is the raw body, byte for byte. Accepted when
 * any {@code v1} matches any configured secret and the timestamp is within the tolerance of our clock.
 */
public final class WebhookSignature {
    public static final Duration TOLERANCE = Duration.ofSeconds(300);

    /** Why a signature was refused; the message is safe to return to the caller. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final List<byte[]> secrets;
    private final Clock clock;

    public WebhookSignature(List<String> secrets, Clock clock) {
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.clock = clock;
    }

    public boolean configured() {
        return !secrets.isEmpty();
    }

    public void verify(byte[] payload, String header) throws Invalid {
        if (header == null || header.isBlank()) {
            throw new Invalid("The Stripe-Signature header is missing");
        }
        long timestamp = -1;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if ("t".equals(key)) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new Invalid("The Stripe-Signature timestamp is not a number");
                }
            } else if ("v1".equals(key)) {
                signatures.add(value);
            }
        }
        if (timestamp < 0) {
            throw new Invalid("The Stripe-Signature header has no timestamp");
        }
        if (signatures.isEmpty()) {
            throw new Invalid("The Stripe-Signature header has no v1 signature");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > TOLERANCE.toSeconds()) {
            throw new Invalid("The Stripe-Signature timestamp is outside the tolerance of " + TOLERANCE.toSeconds() + " s");
        }
        byte[] signed = concat((timestamp + ".").getBytes(StandardCharsets.UTF_8), payload);
        for (byte[] secret : secrets) {
            byte[] expected = HexFormat.of().formatHex(hmac(secret, signed)).getBytes(StandardCharsets.US_ASCII);
            for (String candidate : signatures) {
                if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                    return;
                }
            }
        }
        throw new Invalid("No signature matches the payload");
    }

    /** The header Stripe would send for {@code payload} at {@code timestamp}: used by the dry-run provider and tests. */
    public static String sign(String secret, long timestamp, byte[] payload) {
        byte[] signed = concat((timestamp + ".").getBytes(StandardCharsets.UTF_8), payload);
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), signed));
    }

    private static byte[] hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
