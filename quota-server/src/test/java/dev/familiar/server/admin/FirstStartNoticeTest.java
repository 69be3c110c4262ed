package dev.familiar.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstStartNoticeTest {
    @TempDir
    Path dataDir;

    @Test
    void anEmbeddedFirstStartHandsTheOneTimePasswordNoticeToTheEmbedderOnlyOnce() {
        ServerConfig config = ServerConfig.embedded(dataDir);
        try (FamiliarServer first = FamiliarServer.start(config)) {
            assertThat(first.oneTimeAdminNotice()).hasValueSatisfying(notice ->
                    assertThat(notice).contains("username: admin").containsPattern("one-time password: \\S{20}"));
        }
        try (FamiliarServer second = FamiliarServer.start(config)) {
            assertThat(second.oneTimeAdminNotice()).isEmpty();
        }
    }
}
