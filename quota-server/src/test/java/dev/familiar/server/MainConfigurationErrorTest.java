package dev.familiar.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainConfigurationErrorTest {
    @TempDir
    Path tempDir;

    @Test
    void aBadValueStopsStartUpWithOneLineNamingTheVariableAndExitCode2() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
        builder.environment().put("FAMILIAR_HTTP_PORT", "eighty");
        builder.environment().put("FAMILIAR_DATA_DIR", tempDir.toString());
        Path err = tempDir.resolve("stderr.txt");
        builder.redirectError(err.toFile()).redirectOutput(tempDir.resolve("stdout.txt").toFile());

        Process process = builder.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readAllLines(err, StandardCharsets.UTF_8)).containsExactly(
                "familiar: configuration error: FAMILIAR_HTTP_PORT: expected a port number between 0 and 65535, got 'eighty'");
        assertThat(Files.exists(tempDir.resolve("familiar.mv.db"))).as("nothing was opened").isFalse();
    }
}
