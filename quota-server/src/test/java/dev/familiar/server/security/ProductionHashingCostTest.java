package dev.familiar.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test servers ({@link TestServers}) hash passwords at {@link TestServers#TEST_HASH_ITERATIONS} to keep CI short;
 * a server started the way Main and the console start it (the public {@link FamiliarServer#start(ServerConfig)})
 * stores every password, the seeded administrator's and a registered user's, at the documented 600,000.
 */
class ProductionHashingCostTest {
    @TempDir
    Path dataDir;

    @Test
    void thePublicEntryPointHashesEveryPasswordAtTheFullCost() throws Exception {
        ServerConfig config = ServerConfig.embedded(dataDir).withAdmin("cost-admin", "a-long-admin-password-1");
        try (FamiliarServer server = FamiliarServer.start(config)) {
            Identity identity = new Identity(server);
            identity.register("cost-user");
            identity.login("cost-admin", "a-long-admin-password-1");

            List<String> hashes = new ArrayList<>();
            try (Connection c = identity.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM app_user ORDER BY username");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hashes.add(rs.getString(1));
                }
            }
            assertThat(hashes).hasSize(2).allSatisfy(hash -> assertThat(hash).startsWith("pbkdf2-sha256$600000$"));
        }
    }

    @Test
    void testServersHashAtTheirLowerCostAndStillVerify() throws Exception {
        try (FamiliarServer server = TestServers.start(dataDir)) {
            Identity identity = new Identity(server);
            identity.register("cheap-user");
            identity.login("cheap-user", Identity.PASSWORD);

            try (Connection c = identity.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM app_user WHERE username = 'cheap-user'");
                 ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("pbkdf2-sha256$" + TestServers.TEST_HASH_ITERATIONS + "$");
            }
        }
    }
}
