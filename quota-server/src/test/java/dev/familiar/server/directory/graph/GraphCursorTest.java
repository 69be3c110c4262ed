package dev.familiar.server.directory.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.familiar.server.directory.DirectoryException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our page cursors: Graph's nextLink round-trips; anything not under the configured Graph URL is refused. */
class GraphCursorTest {
    private final GraphCursor cursors = new GraphCursor("https://graph.microsoft.com/v1.0");

    @Test
    void aNextLinkRoundTripsExactly() throws Exception {
        String link = "https://graph.microsoft.com/v1.0/groups?$select=id,displayName&$top=100"
                + "&$skiptoken=RFNwdAIAAQAAAB86R3JvdXBfNTc2OGE3YjQtNmYyNy00YjI2LWI3ZWQtYjU1NzRlMDc5ZmZm";

        String cursor = cursors.encode("groups", link).orElseThrow();

        assertThat(cursor).doesNotContain("graph.microsoft.com");
        assertThat(cursors.decode("groups", cursor)).isEqualTo(link);
    }

    @Test
    void noNextLinkMeansNoCursor() {
        assertThat(cursors.encode("groups", null)).isEmpty();
    }

    @Test
    void aCursorOfAnotherListingIsRefused() {
        String cursor = cursors.encode("members:a", "https://graph.microsoft.com/v1.0/groups/a/members?$skiptoken=x")
                .orElseThrow();

        assertThat(catchThrowableOfType(DirectoryException.class, () -> cursors.decode("groups", cursor)).kind())
                .isEqualTo(DirectoryException.Kind.INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://evil.example/v1.0/groups?$skiptoken=x",
            "https://graph.microsoft.com.evil.example/v1.0/groups",
            "https://graph.microsoft.com@evil.example/v1.0/groups",
            "https://user@graph.microsoft.com/v1.0/groups",
            "http://graph.microsoft.com/v1.0/groups",
            "https://graph.microsoft.com:8443/v1.0/groups",
            "https://graph.microsoft.com/beta/groups",
            "https://graph.microsoft.com/v1.0/../beta/groups",
            "https://graph.microsoft.com/v1.0/%2e%2e/beta/groups",
            "https://graph.microsoft.com/v1.0x/groups",
            "https://graph.microsoft.com/v1.0//evil.example/groups",
            "//evil.example/v1.0/groups",
            "/v1.0/groups",
            "not a url"})
    void aLinkNotUnderTheGraphUrlIsRefused(String link) {
        String forged = "g1." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("groups\n" + link).getBytes(StandardCharsets.UTF_8));

        DirectoryException e = catchThrowableOfType(DirectoryException.class, () -> cursors.decode("groups", forged));

        assertThat(e.kind()).isEqualTo(DirectoryException.Kind.INVALID);
        assertThat(e.getMessage()).doesNotContain("evil");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "g1.%%%", "g1." + "Z3JvdXBz"})
    void garbageIsRefused(String cursor) {
        assertThat(catchThrowableOfType(DirectoryException.class, () -> cursors.decode("groups", cursor)).kind())
                .isEqualTo(DirectoryException.Kind.INVALID);
    }

    @Test
    void theScopeIsTheGraphOriginPlusDefault() {
        assertThat(MsalTokenProvider.scopeOf("https://graph.microsoft.com/v1.0"))
                .isEqualTo("https://graph.microsoft.com/.default");
        assertThat(MsalTokenProvider.scopeOf("https://graph.microsoft.us/v1.0")).isEqualTo("https://graph.microsoft.us/.default");
        assertThat(MsalTokenProvider.scopeOf("https://microsoftgraph.chinacloudapi.cn/v1.0"))
                .isEqualTo("https://microsoftgraph.chinacloudapi.cn/.default");
    }
}
