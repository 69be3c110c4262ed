package dev.familiar.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String stored = hasher.hash("open sesame".toCharArray());

        assertThat(hasher.verify("open sesame".toCharArray(), stored)).isTrue();
        assertThat(hasher.verify("open sesamE".toCharArray(), stored)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        assertThat(hasher.hash("pw".toCharArray())).isNotEqualTo(hasher.hash("pw".toCharArray()));
    }

    @Test
    void theStoredFormNamesItsAlgorithmAndCostAndHoldsNoPlainText() {
        String stored = hasher.hash("visible-password".toCharArray());

        assertThat(stored).startsWith("pbkdf2-sha256$1000$").doesNotContain("visible-password");
    }

    @Test
    void aHashMadeWithAnotherCostStillVerifies() {
        String stored = new PasswordHasher(2_000).hash("pw".toCharArray());

        assertThat(hasher.verify("pw".toCharArray(), stored)).isTrue();
    }

    @Test
    void malformedStoredValuesNeverVerify() {
        assertThat(hasher.verify("pw".toCharArray(), null)).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), "plain-text")).isFalse();
        assertThat(hasher.verify("pw".toCharArray(), "pbkdf2-sha256$x$y$z")).isFalse();
    }
}
