package dev.familiar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The request ids the server mints, and which caller ids it keeps (issue 17 replaced a regex and SecureRandom). */
class RequestIdsTest {
    /** The rule as it was written before: ids it accepts may be echoed and logged. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    @Test
    void mintedIdsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = RequestContextFilter.mint();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void safeIdsAreExactlyWhatTheOldPatternAccepted() {
        Random random = new Random(17);
        String alphabet = "aZ09._:@/+=-\"{} \n\u0000é\u2028;,%<>\\";
        for (int i = 0; i < 50_000; i++) {
            int length = random.nextInt(135);
            StringBuilder id = new StringBuilder();
            for (int j = 0; j < length; j++) {
                // mostly safe characters, so long safe ids near the 128 limit occur too
                id.append(random.nextInt(40) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : alphabet.charAt(random.nextInt(12)));
            }
            String value = id.toString();
            assertThat(RequestContextFilter.isSafeId(value)).as(value).isEqualTo(SAFE_ID.matcher(value).matches());
        }
        assertThat(RequestContextFilter.isSafeId(null)).isFalse();
        assertThat(RequestContextFilter.isSafeId("")).isFalse();
        assertThat(RequestContextFilter.isSafeId("a".repeat(128))).isTrue();
        assertThat(RequestContextFilter.isSafeId("a".repeat(129))).isFalse();
        assertThat(RequestContextFilter.safeOrMint("req-123")).isEqualTo("req-123");
        assertThat(RequestContextFilter.safeOrMint("abc\"}{forged")).matches("[0-9a-f-]{36}");
    }
}
