package dev.familiar.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.UUID;
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

    // Property-style: many generated values from a fixed seed, so a failure names the value and repeats.
    private static final long SEED = 20261129L;
    private static final int TRIES = 5_000;
    private static final List<String> TEST_CARDS = List.of("4242424242424242", "4000056655665556", "5555555555554444",
            "2223003122003222", "5200828282828210", "378282246310005", "371449635398431", "6011111111111117",
            "3056930009020004", "36227206271667", "3566002020360505", "6200000000000005", "4111111111111111",
            "4222222222222", "6200000000000047", "6205500000000000004");
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    @Test
    void randomUuidsSurviveUnchangedAloneAndInText() {
        Random random = new Random(SEED);
        for (int i = 0; i < TRIES; i++) {
            String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
            for (String text : List.of(uuid, "orgId=" + uuid, "{\"orgId\":\"" + uuid + "\",\"n\":1}",
                    "tenant " + uuid.toUpperCase() + ", user " + uuid + ".")) {
                assertThat(Redactor.redact(text)).as(text).isEqualTo(text);
            }
        }
    }

    @Test
    void uuidsMadeOfDigitsOnlySurvive() {
        Random random = new Random(SEED);
        for (int i = 0; i < TRIES; i++) {
            String uuid = digits(random, 8) + "-" + digits(random, 4) + "-" + digits(random, 4) + "-"
                    + digits(random, 4) + "-" + digits(random, 12);
            assertThat(Redactor.redact("orgId=" + uuid)).isEqualTo("orgId=" + uuid);
        }
        assertThat(Redactor.redact("admin tenant 00000000-0000-0000-0000-000000000001"))
                .isEqualTo("admin tenant 00000000-0000-0000-0000-000000000001");
    }

    @Test
    void stripeStyleIdsAndRequestIdsSurviveEvenWithCardDigitsInside() {
        Random random = new Random(SEED);
        List<String> prefixes = List.of("evt_", "cus_", "sub_", "in_", "pi_", "price_", "req-", "corr-", "evt_1");
        for (int i = 0; i < TRIES; i++) {
            String id = prefixes.get(random.nextInt(prefixes.size())) + alnum(random, 8 + random.nextInt(20));
            String withCard = prefixes.get(random.nextInt(prefixes.size())) + TEST_CARDS.get(random.nextInt(TEST_CARDS.size()))
                    + alnum(random, random.nextInt(3));
            for (String text : List.of("event " + id + " applied", "event=" + withCard, "{\"id\":\"" + withCard + "\"}",
                    "x-request-id: " + withCard, "key x" + alnum(random, 2) + TEST_CARDS.get(0))) {
                assertThat(Redactor.redact(text)).as(text).isEqualTo(text);
            }
        }
    }

    @Test
    void testCardNumbersAreRedactedGroupedOrNotInSentencesAndJson() {
        for (String card : TEST_CARDS) {
            assertThat(Redactor.luhn(card)).as(card).isTrue();
            for (String written : List.of(card, grouped(card, " "), grouped(card, "-"))) {
                for (String text : List.of(written, "paid with " + written + ".", "card=" + written + "&x=1",
                        "{\"number\":\"" + written + "\",\"exp\":\"12/34\"}", "(" + written + ")",
                        "order 1234 card " + written + " exp 12 34", "[" + written + "]")) {
                    String redacted = Redactor.redact(text);
                    assertThat(redacted).as(text).contains("[REDACTED_PAN]")
                            .doesNotContain(card).doesNotContain(written).doesNotContain(card.substring(4, 12));
                }
            }
        }
        assertThat(Redactor.redact("paid with 4242 4242 4242 4242.")).isEqualTo("paid with [REDACTED_PAN].");
        assertThat(Redactor.redact("{\"pm\":\"5555555555554444\"}")).isEqualTo("{\"pm\":\"[REDACTED_PAN]\"}");
        assertThat(Redactor.redact("amex 3782 822463 10005 ok")).isEqualTo("amex [REDACTED_PAN] ok");
    }

    @Test
    void aCardNumberNextToOtherDigitGroupsIsStillFound() {
        assertThat(Redactor.redact("order 1234 4242 4242 4242 4242")).isEqualTo("order 1234 [REDACTED_PAN]");
        assertThat(Redactor.redact("4242 4242 4242 4242 12 34")).isEqualTo("[REDACTED_PAN] 12 34");
        assertThat(Redactor.redact("4242-4242-4242-4242-1")).isEqualTo("[REDACTED_PAN]-1");
    }

    @Test
    void digitRunsThatAreNotCardsStay() {
        Random random = new Random(SEED);
        for (int i = 0; i < TRIES; i++) {
            String number = digits(random, 1 + random.nextInt(12));
            String text = "took " + number + " ms at 2026-11-29 09:49:11, ip 10.0.0." + random.nextInt(255);
            assertThat(Redactor.redact(text)).isEqualTo(text);
            String notLuhn = TEST_CARDS.get(random.nextInt(TEST_CARDS.size()));
            notLuhn = notLuhn.substring(0, notLuhn.length() - 1) + (char) ('0' + (notLuhn.charAt(notLuhn.length() - 1) - '0' + 1) % 10);
            assertThat(Redactor.redact("n " + notLuhn)).isEqualTo("n " + notLuhn);
        }
        assertThat(Redactor.redact("twenty digits 42424242424242424242")).isEqualTo("twenty digits 42424242424242424242");
        assertThat(Redactor.redact("fraction 0.4242424242424242")).isEqualTo("fraction 0.4242424242424242");
    }

    @Test
    void noSecretPatternLeavesADoubledBracket() {
        List<String> texts = List.of("api_key=sk_live_abcdef123456", "token=[REDACTED]", "password=[abc]",
                "Authorization: Bearer abc.def", "authorization=Bearer xyz", "\"token\":\"Bearer abc\"",
                "secret: whsec_abcdefghij", "refresh_token=famr_abcdefghijkl", "x-api-key=famk_abcdefghijkl",
                "cardNumber=4242424242424242", "card_number: [4242 4242 4242 4242]", "pan=4242-4242-4242-4242",
                "cvc=123]", "token=[a b c] next", "password=[[REDACTED]] x", "access_token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl", "[token=abc]",
                "client_secret=seti_123abc_secret_456def", "signature=[sig]] ok");
        for (String text : texts) {
            String redacted = Redactor.redact(text);
            assertThat(redacted).as(text).contains("[REDACTED");
            // A mask replaces a whole value: brackets stay as balanced as they were (the old bug left "[REDACTED]]").
            assertThat(bracketBalance(redacted)).as(text + " -> " + redacted).isEqualTo(bracketBalance(text));
            assertThat(redacted).as(text).doesNotContain("]]]").doesNotContain("[[REDACTED");
            assertThat(Redactor.redact(redacted)).as("redacting twice: " + text).isEqualTo(redacted);
        }
        assertThat(Redactor.redact("api_key=sk_live_abcdef123456")).isEqualTo("api_key=[REDACTED]");
        assertThat(Redactor.redact("[token=abc]")).isEqualTo("[token=[REDACTED]]");
        // issue 13: invitation and password-reset codes, wherever they appear in a line
        assertThat(Redactor.redact("accepted fami_0123456789abcdefABCDEF0123456789abcdefAB now"))
                .doesNotContain("fami_0123").contains("[REDACTED");
        assertThat(Redactor.redact("code famp_0123456789abcdefABCDEF0123456789abcdefAB")).doesNotContain("famp_0123");
        assertThat(Redactor.redact("card_number: [4242 4242 4242 4242] ok")).isEqualTo("card_number: [REDACTED] ok");
    }

    private static long bracketBalance(String text) {
        return text.chars().filter(c -> c == '[').count() - text.chars().filter(c -> c == ']').count();
    }

    private static String grouped(String card, String separator) {
        if (card.length() == 15 || card.length() == 14) {
            return card.substring(0, 4) + separator + card.substring(4, 10) + separator + card.substring(10);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < card.length(); i += 4) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(card, i, Math.min(card.length(), i + 4));
        }
        return out.toString();
    }

    private static String digits(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private static String alnum(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return out.toString();
    }

    /** The shortcut taken for most log text (issue 17) never skips text that a full redaction would change. */
    @Test
    void theShortcutOnlySkipsTextTheFullRedactionLeavesAlone() {
        Random random = new Random(1717);
        String[] pieces = {"GET ", "/api/quota/check", " -> ", "200", "4111 1111 1111 1111", "4111111111111111", "eyJ",
            "eyJhbGciOi.eyJzdWIiOi.sig", "Bearer ", "bearer\tabc", "TOKEN x", "token", "basic", "Digest  q", "sk_live_abcdef12",
            "whsec_abcdef", "famk_abcdefgh1", "password=x", "api_key: y", "\"token\":\"v\"", "a", "Z", "9", "-", ".", "/",
            " ", "\n", "?", "&", "x=1", "_", ":", "=", "é", "\u212a", "1234567890123", "12345 67890 123"};
        int skipped = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int n = 1 + random.nextInt(6);
            for (int j = 0; j < n; j++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String value = text.toString();
            if (!Redactor.mayHoldSecret(value)) {
                skipped++;
                assertThat(Redactor.redactFully(value)).as(value).isEqualTo(value);
            }
            assertThat(Redactor.redact(value)).as(value).isEqualTo(Redactor.redactFully(value));
        }
        assertThat(skipped).isGreaterThan(1000);
        assertThat(Redactor.mayHoldSecret("GET /api/diag/smoke -> 200")).isFalse();
        assertThat(Redactor.mayHoldSecret("/api/v1/tokens/consume")).isFalse();
        assertThat(Redactor.mayHoldSecret("Authorization Bearer abc")).isTrue();
    }
}
