package dev.familiar.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SecretTokensTest {
    @Test
    void sha256IsTheStandardDigestInLowerCaseHex() {
        // FIPS 180-2's test vector
        assertThat(SecretTokens.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(SecretTokens.sha256("")).isEqualTo(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void threadsHashingAtOnceEachGetTheirOwnTextsDigest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                wrong.add(pool.submit(() -> {
                    MessageDigest reference = MessageDigest.getInstance("SHA-256");
                    int mismatches = 0;
                    for (int i = 0; i < 5_000; i++) {
                        String text = "consume|api_call|" + thread + "|" + i;
                        String expected = HexFormat.of().formatHex(reference.digest(text.getBytes(StandardCharsets.UTF_8)));
                        if (!SecretTokens.sha256(text).equals(expected)) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> f : wrong) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
