package dev.familiar.server.prompt.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch a server left RUNNING (it died mid-batch) is INTERRUPTED when a server starts again on that database. */
@Tag("storage")
class BatchRecoveryAtStartTest {
    static final String BATCH = "3f1f1f1f-0000-4000-8000-0000000000b1";

    @TempDir
    Path tempDir;

    @Test
    void aBatchLeftRunningIsInterruptedWhenTheServerStartsAgain() throws Exception {
        ServerConfig config = TestServers.config(tempDir);
        FamiliarServer first = TestServers.start(config);
        // what a server killed in the middle of a batch leaves behind: RUNNING, its heartbeat long past
        new BatchStore(new Identity(first).dataSource()).insert(new BatchStore.NewBatch(BATCH, "summarise", 3, "topics",
                null, 10, "someone", Instant.now().minusSeconds(3600)));
        first.stop();

        FamiliarServer second = TestServers.start(config);
        try {
            Answer batch = HttpCalls.get(second.baseUrl() + "/api/admin/prompt-lab/batches/" + BATCH,
                    new Identity(second).admin().bearer());
            assertThat(batch.status()).as(batch.body()).isEqualTo(200);
            assertThat(batch.json().at("/data/status").asText()).isEqualTo("INTERRUPTED");
            assertThat(batch.json().at("/data/error").asText()).contains("server stopped");
            assertThat(batch.json().at("/data/finishedAt").isNull()).isFalse();
        } finally {
            second.stop();
        }
    }
}
