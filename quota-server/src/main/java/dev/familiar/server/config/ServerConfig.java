package dev.familiar.server.config;

import dev.familiar.server.tokens.TokenSettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a quota-server needs to start. Build it with {@link ConfigLoader} from the environment,
 * or with {@link #embedded(Path)} for a server that runs inside another program (the admin console).
 *
 * @param httpHost      the address to bind; {@code 127.0.0.1} keeps an embedded server private to the machine
 * @param httpPort      the port; 0 picks a free one
 * @param dataDir       where the H2 database and other local files live
 * @param dbUrl         a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
 * @param redisUrl      {@code redis://...} when several servers share hot counters, empty otherwise
 * @param tenantHeader  the request header that names the caller's tenant
 * @param adminUsername the first administrator to create on an empty database (with {@code adminPassword})
 * @param registrationsPerMinute self-service registrations ({@code POST /api/v1/auth/register}) accepted per client
 *                      address and minute, per server
 * @param prompts       prompt-function deployments: approval required or off, approver roles
 * @param entra         Microsoft Entra (the directory and console sign-in); without a tenant the local directory
 */
public record ServerConfig(
        String httpHost,
        int httpPort,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Optional<String> redisUrl,
        String tenantHeader,
        Optional<String> adminUsername,
        Optional<String> adminPassword,
        TokenSettings tokens,
        long maxUsageValue,
        BillingSettings billing,
        LlmTokenSettings llm,
        int registrationsPerMinute,
        PromptFunctionSettings prompts,
        EntraSettings entra) {

    public static final String DEFAULT_TENANT_HEADER = "x-tenant-id";
    public static final int DEFAULT_PORT = 8080;
    /** The largest {@code value} one usage event may carry. */
    public static final long DEFAULT_MAX_USAGE_VALUE = 1_000_000L;
    /** Each registration costs a 600,000-iteration password hash: a handful per address and minute. */
    public static final int DEFAULT_REGISTRATIONS_PER_MINUTE = 5;

    public ServerConfig {
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(dbUrl, "dbUrl");
        dbUser = dbUser == null ? "" : dbUser;
        dbPassword = dbPassword == null ? "" : dbPassword;
        redisUrl = redisUrl == null ? Optional.empty() : redisUrl;
        tenantHeader = tenantHeader == null ? DEFAULT_TENANT_HEADER : tenantHeader;
        adminUsername = adminUsername == null ? Optional.empty() : adminUsername;
        adminPassword = adminPassword == null ? Optional.empty() : adminPassword;
        tokens = tokens == null ? TokenSettings.defaults() : tokens;
        maxUsageValue = maxUsageValue <= 0 ? DEFAULT_MAX_USAGE_VALUE : maxUsageValue;
        billing = billing == null ? BillingSettings.dryRun() : billing;
        llm = llm == null ? LlmTokenSettings.defaults() : llm;
        registrationsPerMinute = registrationsPerMinute <= 0 ? DEFAULT_REGISTRATIONS_PER_MINUTE : registrationsPerMinute;
        prompts = prompts == null ? PromptFunctionSettings.defaults() : prompts;
        entra = entra == null ? EntraSettings.local() : entra;
    }

    /** A configuration with the local directory (no Entra). */
    public ServerConfig(String httpHost, int httpPort, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                        Optional<String> redisUrl, String tenantHeader, Optional<String> adminUsername,
                        Optional<String> adminPassword, TokenSettings tokens, long maxUsageValue, BillingSettings billing,
                        LlmTokenSettings llm, int registrationsPerMinute, PromptFunctionSettings prompts) {
        this(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader, adminUsername,
                adminPassword, tokens, maxUsageValue, billing, llm, registrationsPerMinute, prompts, EntraSettings.local());
    }

    /** A configuration with the default prompt-function settings (approval required, by ADMIN). */
    public ServerConfig(String httpHost, int httpPort, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                        Optional<String> redisUrl, String tenantHeader, Optional<String> adminUsername,
                        Optional<String> adminPassword, TokenSettings tokens, long maxUsageValue, BillingSettings billing,
                        LlmTokenSettings llm, int registrationsPerMinute) {
        this(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader, adminUsername,
                adminPassword, tokens, maxUsageValue, billing, llm, registrationsPerMinute,
                PromptFunctionSettings.defaults());
    }

    /** A configuration with the default registration limit. */
    public ServerConfig(String httpHost, int httpPort, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                        Optional<String> redisUrl, String tenantHeader, Optional<String> adminUsername,
                        Optional<String> adminPassword, TokenSettings tokens, long maxUsageValue, BillingSettings billing,
                        LlmTokenSettings llm) {
        this(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader, adminUsername,
                adminPassword, tokens, maxUsageValue, billing, llm, DEFAULT_REGISTRATIONS_PER_MINUTE);
    }

    /** A configuration with the default LLM-token settings. */
    public ServerConfig(String httpHost, int httpPort, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                        Optional<String> redisUrl, String tenantHeader, Optional<String> adminUsername,
                        Optional<String> adminPassword, TokenSettings tokens, long maxUsageValue, BillingSettings billing) {
        this(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader, adminUsername,
                adminPassword, tokens, maxUsageValue, billing, LlmTokenSettings.defaults());
    }

    /** A configuration with dry-run billing. */
    public ServerConfig(String httpHost, int httpPort, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                        Optional<String> redisUrl, String tenantHeader, Optional<String> adminUsername,
                        Optional<String> adminPassword, TokenSettings tokens, long maxUsageValue) {
        this(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader, adminUsername,
                adminPassword, tokens, maxUsageValue, BillingSettings.dryRun());
    }

    /** A configuration with the default token lifetimes. */
    public ServerConfig(String httpHost, int httpPort, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                        Optional<String> redisUrl, String tenantHeader, Optional<String> adminUsername,
                        Optional<String> adminPassword) {
        this(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader, adminUsername,
                adminPassword, TokenSettings.defaults(), DEFAULT_MAX_USAGE_VALUE, BillingSettings.dryRun());
    }

    /**
     * A server for the desktop console: loopback only, a free port, an H2 file database in {@code dataDir}.
     */
    public static ServerConfig embedded(Path dataDir) {
        return new ServerConfig("127.0.0.1", 0, dataDir, ConfigLoader.defaultH2Url(dataDir), "sa", "",
                Optional.empty(), DEFAULT_TENANT_HEADER, Optional.empty(), Optional.empty());
    }

    public boolean usesPostgres() {
        return dbUrl.startsWith("jdbc:postgresql:");
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(httpHost, port, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader,
                adminUsername, adminPassword, tokens, maxUsageValue, billing, llm, registrationsPerMinute, prompts, entra);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(httpHost, httpPort, dataDir, url, user, password, redisUrl, tenantHeader,
                adminUsername, adminPassword, tokens, maxUsageValue, billing, llm, registrationsPerMinute, prompts, entra);
    }

    public ServerConfig withRedis(String url) {
        return new ServerConfig(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, Optional.ofNullable(url),
                tenantHeader, adminUsername, adminPassword, tokens, maxUsageValue, billing, llm, registrationsPerMinute, prompts, entra);
    }

    public ServerConfig withAdmin(String username, String password) {
        return new ServerConfig(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader,
                Optional.ofNullable(username), Optional.ofNullable(password), tokens, maxUsageValue, billing, llm,
                registrationsPerMinute, prompts, entra);
    }

    public ServerConfig withTokens(TokenSettings settings) {
        return new ServerConfig(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader,
                adminUsername, adminPassword, settings, maxUsageValue, billing, llm, registrationsPerMinute, prompts, entra);
    }

    public ServerConfig withBilling(BillingSettings settings) {
        return new ServerConfig(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader,
                adminUsername, adminPassword, tokens, maxUsageValue, settings, llm, registrationsPerMinute, prompts, entra);
    }

    public ServerConfig withLlm(LlmTokenSettings settings) {
        return new ServerConfig(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader,
                adminUsername, adminPassword, tokens, maxUsageValue, billing, settings, registrationsPerMinute, prompts, entra);
    }

    public ServerConfig withRegistrationsPerMinute(int perMinute) {
        return new ServerConfig(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader,
                adminUsername, adminPassword, tokens, maxUsageValue, billing, llm, perMinute, prompts, entra);
    }

    public ServerConfig withPrompts(PromptFunctionSettings settings) {
        return new ServerConfig(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader,
                adminUsername, adminPassword, tokens, maxUsageValue, billing, llm, registrationsPerMinute, settings, entra);
    }

    /** Never prints the database password. */
    @Override
    public String toString() {
        return "ServerConfig[http=" + httpHost + ":" + httpPort + ", dataDir=" + dataDir + ", db=" + dbUrl
                + ", redis=" + redisUrl.map(u -> "configured").orElse("none") + ", tenantHeader=" + tenantHeader + ", billing=" + billing + ", entra=" + entra + "]";
    }

    public ServerConfig withEntra(EntraSettings settings) {
        return new ServerConfig(httpHost, httpPort, dataDir, dbUrl, dbUser, dbPassword, redisUrl, tenantHeader,
                adminUsername, adminPassword, tokens, maxUsageValue, billing, llm, registrationsPerMinute, prompts, settings);
    }
}
