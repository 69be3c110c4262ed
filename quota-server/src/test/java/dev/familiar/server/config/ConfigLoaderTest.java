package dev.familiar.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Path HOME = Path.of("/home/someone");

    @TempDir
    Path tempDir;

    @Test
    void defaultsGiveAnH2FileDatabaseInTheHomeDataFolderOnPort8080() {
        ServerConfig config = ConfigLoader.load(Map.of(), HOME);

        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(HOME.resolve(".familiar"));
        assertThat(config.dbUrl()).startsWith("jdbc:h2:file:/home/someone/.familiar/familiar").contains("WRITE_DELAY=0").contains("QUERY_CACHE_SIZE=64");
        assertThat(config.redisUrl()).isEmpty();
        assertThat(config.tenantHeader()).isEqualTo("x-tenant-id");
        assertThat(config.adminUsername()).isEmpty();
    }

    @Test
    void environmentValuesAreUsed() {
        ServerConfig config = ConfigLoader.load(Map.of(
                "FAMILIAR_HTTP_PORT", "9090",
                "FAMILIAR_DATA_DIR", "/srv/familiar",
                "FAMILIAR_DB_URL", "jdbc:postgresql://db:5432/familiar",
                "FAMILIAR_DB_USER", "fam",
                "FAMILIAR_DB_PASSWORD", "pw",
                "FAMILIAR_REDIS_URL", "redis://cache:6379",
                "FAMILIAR_TENANT_HEADER", "X-Org-Id",
                "FAMILIAR_ADMIN_USERNAME", "boss",
                "FAMILIAR_ADMIN_PASSWORD", "twelve-chars-at-least"), HOME);

        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/familiar"));
        assertThat(config.usesPostgres()).isTrue();
        assertThat(config.dbUser()).isEqualTo("fam");
        assertThat(config.redisUrl()).contains("redis://cache:6379");
        assertThat(config.tenantHeader()).isEqualTo("x-org-id");
        assertThat(config.adminUsername()).contains("boss");
    }

    @Test
    void aUserGivenH2UrlIsMadeDurableUnlessItSaysOtherwise() {
        assertThat(ConfigLoader.load(Map.of("FAMILIAR_DB_URL", "jdbc:h2:file:/tmp/x"), HOME).dbUrl())
                .isEqualTo("jdbc:h2:file:/tmp/x;WRITE_DELAY=0;QUERY_CACHE_SIZE=64");
        assertThat(ConfigLoader.load(Map.of("FAMILIAR_DB_URL", "jdbc:h2:file:/tmp/x;WRITE_DELAY=100"), HOME).dbUrl())
                .isEqualTo("jdbc:h2:file:/tmp/x;WRITE_DELAY=100;QUERY_CACHE_SIZE=64");
        assertThat(ConfigLoader.load(Map.of("FAMILIAR_DB_URL", "jdbc:h2:file:/tmp/x;query_cache_size=0"), HOME).dbUrl())
                .isEqualTo("jdbc:h2:file:/tmp/x;query_cache_size=0;WRITE_DELAY=0");
    }

    @Test
    void aBadPortNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_HTTP_PORT", "eighty"), HOME))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FAMILIAR_HTTP_PORT: expected a port number between 0 and 65535, got 'eighty'");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_HTTP_PORT", "70000"), HOME))
                .hasMessageStartingWith("FAMILIAR_HTTP_PORT:");
    }

    @Test
    void anUnsupportedDatabaseUrlNamesTheVariableWithoutEchoingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_DB_URL", "jdbc:mysql://u:secretpw@db/x"), HOME))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FAMILIAR_DB_URL: expected a jdbc:h2: or jdbc:postgresql: URL")
                .hasMessageNotContaining("secretpw");
    }

    @Test
    void aBadRedisUrlNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_REDIS_URL", "localhost:6379"), HOME))
                .hasMessageStartingWith("FAMILIAR_REDIS_URL:");
    }

    @Test
    void aBadTenantHeaderNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_TENANT_HEADER", "x tenant"), HOME))
                .hasMessageStartingWith("FAMILIAR_TENANT_HEADER:");
    }

    @Test
    void apiKeysPerUserDefaultsTo25AndIsValidated() {
        assertThat(ConfigLoader.load(Map.of(), HOME).tokens().apiKeysPerUser()).isEqualTo(25);
        assertThat(ConfigLoader.load(Map.of("FAMILIAR_API_KEYS_PER_USER", "3"), HOME).tokens().apiKeysPerUser())
                .isEqualTo(3);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_API_KEYS_PER_USER", "0"), HOME))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FAMILIAR_API_KEYS_PER_USER: expected a whole number between 1 and 1000, got '0'");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_API_KEYS_PER_USER", "many"), HOME))
                .hasMessageStartingWith("FAMILIAR_API_KEYS_PER_USER:");
    }

    @Test
    void anAdminUsernameWithoutPasswordIsRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_ADMIN_USERNAME", "boss"), HOME))
                .hasMessage("FAMILIAR_ADMIN_PASSWORD: must be set together with FAMILIAR_ADMIN_USERNAME");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_ADMIN_PASSWORD", "twelve-chars-at-least"), HOME))
                .hasMessage("FAMILIAR_ADMIN_USERNAME: must be set together with FAMILIAR_ADMIN_PASSWORD");
    }

    @Test
    void aShortAdminPasswordIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(
                Map.of("FAMILIAR_ADMIN_USERNAME", "boss", "FAMILIAR_ADMIN_PASSWORD", "short1"), HOME))
                .hasMessage("FAMILIAR_ADMIN_PASSWORD: must be at least 12 characters long");
    }

    @Test
    void aConfigFileIsReadAndTheEnvironmentWinsOverIt() throws Exception {
        Path file = tempDir.resolve("familiar.properties");
        Files.writeString(file, "FAMILIAR_HTTP_PORT=7000\nFAMILIAR_TENANT_HEADER=x-org\n");

        ServerConfig config = ConfigLoader.load(Map.of("FAMILIAR_CONFIG_FILE", file.toString(),
                "FAMILIAR_HTTP_PORT", "7001"), HOME);

        assertThat(config.httpPort()).isEqualTo(7001);
        assertThat(config.tenantHeader()).isEqualTo("x-org");
    }

    @Test
    void aMissingConfigFileNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_CONFIG_FILE", "/nope/missing.properties"), HOME))
                .hasMessageStartingWith("FAMILIAR_CONFIG_FILE: cannot read");
    }

    @Test
    void toStringNeverShowsTheDatabasePassword() {
        ServerConfig config = ConfigLoader.load(Map.of("FAMILIAR_DB_URL", "jdbc:postgresql://db/x",
                "FAMILIAR_DB_PASSWORD", "s3cr3t-pw"), HOME);

        assertThat(config.toString()).doesNotContain("s3cr3t-pw");
    }
}
