package dev.familiar.admin.navigation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NavigatorTest {
    private final Navigator navigator = new Navigator(Place.of("home"), Set.of("home", "customers", "catalog")::contains);

    @Test
    void goingBackAndForwardWalksTheHistoryLikeABrowser() {
        navigator.go(Place.of("customers"));
        navigator.go(Place.of("customers", "org-1"));

        navigator.back();
        assertThat(navigator.current()).isEqualTo(Place.of("customers"));
        assertThat(navigator.canGoForwardProperty().get()).isTrue();
        navigator.back();
        assertThat(navigator.current()).isEqualTo(Place.of("home"));
        assertThat(navigator.canGoBackProperty().get()).isFalse();
        navigator.forward();
        navigator.forward();
        assertThat(navigator.current().path()).isEqualTo("customers/org-1");
        assertThat(navigator.canGoForwardProperty().get()).isFalse();
    }

    @Test
    void goingSomewhereNewDropsTheForwardHistory() {
        navigator.go(Place.of("customers"));
        navigator.back();
        navigator.go(Place.of("catalog"));

        assertThat(navigator.canGoForwardProperty().get()).isFalse();
        navigator.back();
        assertThat(navigator.current()).isEqualTo(Place.of("home"));
    }

    @Test
    void anUnknownScreenIsRefusedAndTheCurrentPlaceStays() {
        assertThat(navigator.go(Place.of("prompt-lab"))).isFalse();
        assertThat(navigator.current()).isEqualTo(Place.of("home"));
        assertThat(navigator.canGoBackProperty().get()).isFalse();
    }

    @Test
    void goingToTheCurrentPlaceAddsNoHistory() {
        navigator.go(Place.of("catalog"));
        navigator.go(Place.of("catalog"));
        navigator.back();
        assertThat(navigator.current()).isEqualTo(Place.of("home"));
    }

    @Test
    void theHistoryIsBounded() {
        for (int i = 0; i < Navigator.HISTORY_LIMIT + 20; i++) {
            navigator.go(Place.of("customers", "org-" + i));
        }
        int steps = 0;
        while (navigator.canGoBackProperty().get()) {
            navigator.back();
            steps++;
        }
        assertThat(steps).isEqualTo(Navigator.HISTORY_LIMIT);
    }

    @Test
    void placesParseAndPrintAsPaths() {
        assertThat(Place.parse("customers/org-1")).isEqualTo(Place.of("customers", "org-1"));
        assertThat(Place.parse("/catalog//")).isEqualTo(Place.of("catalog"));
        assertThat(Place.of("customers", "org-1").arg(0)).isEqualTo("org-1");
        assertThat(Place.of("customers").arg(0)).isNull();
        assertThatThrownBy(() -> Place.parse(" / ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Place.of("customers", "a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
