package dev.familiar.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The quota check's metric rule without a regular expression (issue 17) accepts exactly what {@code METRIC} does. */
class MetricNameTest {
    @Test
    void theLoopAgreesWithThePattern() {
        Random random = new Random(42);
        String alphabet = "abz09_.-AZ é/\u0000";
        for (int i = 0; i < 100_000; i++) {
            int length = 1 + random.nextInt(70);
            StringBuilder metric = new StringBuilder();
            for (int j = 0; j < length; j++) {
                metric.append(random.nextInt(30) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : alphabet.charAt(random.nextInt(7)));
            }
            String value = metric.toString();
            assertThat(MeteringRoutes.isMetricName(value)).as(value)
                    .isEqualTo(MeteringRoutes.METRIC.matcher(value).matches());
        }
        assertThat(MeteringRoutes.isMetricName("api_call")).isTrue();
        assertThat(MeteringRoutes.isMetricName("a" + "b".repeat(63))).isTrue();
        assertThat(MeteringRoutes.isMetricName("a" + "b".repeat(64))).isFalse();
        assertThat(MeteringRoutes.isMetricName("")).isFalse();
        assertThat(MeteringRoutes.isMetricName("1abc")).isFalse();
    }
}
