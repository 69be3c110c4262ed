package dev.familiar.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void bearerAndBasicCredentialsAreMasked() {
        assertThat(Redactor.redact("Authorization: Bearer abc.def-ghi")).doesNotContain("abc.def-ghi");
        assertThat(Redactor.redact("sent Basic dXNlcjpwYXNz to the proxy")).isEqualTo("sent Basic [REDACTED] to the proxy");
    }

    @Test
    void valuesOfSecretKeysAreMaskedInJsonAndKeyValueText() {
        assertThat(Redactor.redact("{\"password\":\"p@ss w0rd\",\"user\":\"bob\"}"))
                .isEqualTo("{\"password\":\"[REDACTED]\",\"user\":\"bob\"}");
        assertThat(Redactor.redact("client_secret=abc123&scope=x")).isEqualTo("client_secret=[REDACTED]&scope=x");
        assertThat(Redactor.redact("refreshToken: r-1-2-3 next")).isEqualTo("refreshToken: [REDACTED] next");
    }

    @Test
    void jwtsAndProviderKeysAreMaskedWherever_theyAppear() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl";
        assertThat(Redactor.redact("token " + jwt + " expired")).doesNotContain(jwt);
        assertThat(Redactor.redact("key sk_live_abcdef123456 failed")).isEqualTo("key [REDACTED] failed");
        assertThat(Redactor.redact("secret whsec_abcdefghij")).doesNotContain("whsec_abcdefghij");
        assertThat(Redactor.redact("intent seti_123abc_secret_456def")).doesNotContain("456def");
    }

    @Test
    void cardNumbersPassingLuhnAreMaskedButOtherDigitRunsStay() {
        assertThat(Redactor.redact("card 4111 1111 1111 1111 ok")).isEqualTo("card [REDACTED_PAN] ok");
        assertThat(Redactor.redact("card 4111-1111-1111-1111")).isEqualTo("card [REDACTED_PAN]");
        assertThat(Redactor.redact("order 1234567890123 shipped")).isEqualTo("order 1234567890123 shipped");
        assertThat(Redactor.redact("took 1500 ms")).isEqualTo("took 1500 ms");
    }

    @Test
    void queryStringsKeepHarmlessParametersAndMaskSecretOnes() {
        assertThat(Redactor.redactQuery("cursor=abc&api_key=k123&limit=10&access_token=t"))
                .isEqualTo("cursor=abc&api_key=[REDACTED]&limit=10&access_token=[REDACTED]");
    }

    @Test
    void luhnRecognisesValidAndInvalidNumbers() {
        assertThat(Redactor.luhn("4242424242424242")).isTrue();
        assertThat(Redactor.luhn("4242424242424241")).isFalse();
    }

    @Test
    void nullAndEmptyTextPassThrough() {
        assertThat(Redactor.redact(null)).isNull();
        assertThat(Redactor.redact("")).isEmpty();
    }
}
