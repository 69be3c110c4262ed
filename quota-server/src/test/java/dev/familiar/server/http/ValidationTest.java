package dev.familiar.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {
    @Test
    void canonicalUuidsOfEitherCaseAreUuids() {
        for (int i = 0; i < 1000; i++) {
            String u = UUID.randomUUID().toString();
            assertThat(Validation.isUuid(u)).isTrue();
            assertThat(Validation.isUuid(u.toUpperCase())).isTrue();
        }
        assertThat(Validation.isUuid("00000000-0000-0000-0000-000000000001")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "3f1f1f1f00004000800000000000000001", "3f1f1f1f-0000-4000-8000-00000000000",
            "3f1f1f1f-0000-4000-8000-0000000000011", "3f1f1f1g-0000-4000-8000-000000000001",
            "3f1f1f1f_0000-4000-8000-000000000001", "3f1f1f1f-0000-4000-8000 000000000001",
            "{3f1f1f1-0000-4000-8000-000000000001", "3f1f1f1f-0000-4000-8000-00000000000\u0661"})
    void anythingElseIsNot(String value) {
        assertThat(Validation.isUuid(value)).isFalse();
    }

    @Test
    void problemsAreReportedTogetherFirstOnePerField() {
        Validation v = new Validation();
        v.uuid("orgId", "x");
        v.uuid("orgId", null);
        v.text("name", "", 1, 10, null, null);
        v.optionalUuid("userId", null);
        assertThatThrownBy(v::check).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.details().get("fields"))
                .isEqualTo(Map.of("orgId", "must be a UUID", "name", "is required")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " 5", "5 ", "+5", "5.0", "0x5", "five", "\u0000", "1e2", "0", "101", "-1",
            "99999999999999999999"})
    void aWholeNumberQueryParameterIsDigitsInRangeOrAProblem(String text) {
        Validation v = new Validation();
        v.optionalWhole("limit", text, 7, 1, 100);

        assertThatThrownBy(v::check).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.details().get("fields"))
                .isEqualTo(Map.of("limit", "must be a whole number between 1 and 100")));
    }

    @Test
    void anAbsentWholeNumberIsTheFallbackAndDigitsAreTheirValue() {
        Validation v = new Validation();

        assertThat(v.optionalWhole("limit", null, 7, 1, 100)).isEqualTo(7);
        assertThat(v.optionalWhole("limit", "100", 7, 1, 100)).isEqualTo(100);
        assertThat(v.optionalWhole("limit", "007", 7, 1, 100)).isEqualTo(7);
        assertThat(v.optionalWhole("offset", "-3", 0, -5, 5)).isEqualTo(-3);
        v.check();
    }
}
