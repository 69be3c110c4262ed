package dev.familiar.server.config;

import dev.familiar.server.tokens.TokenSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Reads {@link ServerConfig} from environment variables, optionally layered over a properties file
 * named by {@code FAMILIAR_CONFIG_FILE} (same keys; the environment wins). Every bad value is
 * reported as a {@link ConfigException} that names the variable.
 */
public final class ConfigLoader {
    public static final String CONFIG_FILE = "FAMILIAR_CONFIG_FILE";
    public static final String HTTP_HOST = "FAMILIAR_HTTP_HOST";
    public static final String HTTP_PORT = "FAMILIAR_HTTP_PORT";
    public static final String DATA_DIR = "FAMILIAR_DATA_DIR";
    public static final String DB_URL = "FAMILIAR_DB_URL";
    public static final String DB_USER = "FAMILIAR_DB_USER";
    public static final String DB_PASSWORD = "FAMILIAR_DB_PASSWORD";
    public static final String REDIS_URL = "FAMILIAR_REDIS_URL";
    public static final String TENANT_HEADER = "FAMILIAR_TENANT_HEADER";
    public static final String ADMIN_USERNAME = "FAMILIAR_ADMIN_USERNAME";
    public static final String ADMIN_PASSWORD = "FAMILIAR_ADMIN_PASSWORD";
    public static final String JWT_ISSUER = "FAMILIAR_JWT_ISSUER";
    public static final String USER_TOKEN_MINUTES = "FAMILIAR_USER_TOKEN_MINUTES";
    public static final String ACTIVATION_TOKEN_MINUTES = "FAMILIAR_ACTIVATION_TOKEN_MINUTES";
    public static final String ACTIVATION_CODE_MINUTES = "FAMILIAR_ACTIVATION_CODE_MINUTES";
    public static final String REFRESH_TOKEN_DAYS = "FAMILIAR_REFRESH_TOKEN_DAYS";
    public static final String API_KEY_DAYS = "FAMILIAR_API_KEY_DAYS";
    public static final String API_KEYS_PER_USER = "FAMILIAR_API_KEYS_PER_USER";
    public static final String INVITATION_TTL_HOURS = "FAMILIAR_INVITATION_TTL_HOURS";
    public static final String PASSWORD_RESET_TTL_MINUTES = "FAMILIAR_PASSWORD_RESET_TTL_MINUTES";
    public static final String USAGE_MAX_VALUE = "FAMILIAR_USAGE_MAX_VALUE";
    public static final String BILLING_MODE = "FAMILIAR_BILLING_MODE";
    public static final String STRIPE_API_KEY = "FAMILIAR_STRIPE_API_KEY";
    public static final String STRIPE_API_BASE = "FAMILIAR_STRIPE_API_BASE";
    public static final String STRIPE_WEBHOOK_SECRET = "FAMILIAR_STRIPE_WEBHOOK_SECRET";
    public static final String STRIPE_WEBHOOKS_ALLOW_UNSIGNED = "FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED";
    public static final String BILLING_COLLECT_CARD_FIRST = "FAMILIAR_BILLING_COLLECT_CARD_FIRST";
    public static final String BILLING_RETURN_URL = "FAMILIAR_BILLING_RETURN_URL";
    public static final String SIGNUPS_PER_MINUTE = "FAMILIAR_SIGNUPS_PER_MINUTE";
    public static final String REGISTRATIONS_PER_MINUTE = "FAMILIAR_REGISTRATIONS_PER_MINUTE";
    public static final String TOKEN_TIERS = "FAMILIAR_TOKEN_TIERS";
    public static final String TOKEN_DEFAULT_TIER = "FAMILIAR_TOKEN_DEFAULT_TIER";
    public static final String TOKEN_QUOTA_WINDOW_HOURS = "FAMILIAR_TOKEN_QUOTA_WINDOW_HOURS";
    public static final String RATE_LIMIT_CAPACITY = "FAMILIAR_RATE_LIMIT_CAPACITY";
    public static final String RATE_LIMIT_LEAK_PER_SECOND = "FAMILIAR_RATE_LIMIT_LEAK_PER_SECOND";
    public static final String RATE_LIMIT_TENANTS = "FAMILIAR_RATE_LIMIT_TENANTS";
    public static final String LLM_TIMEOUT_SECONDS = "FAMILIAR_LLM_TIMEOUT_SECONDS";
    public static final String TOKEN_UPGRADE_URL = "FAMILIAR_TOKEN_UPGRADE_URL";
    public static final String SAGA_TIMEOUT_MINUTES = "FAMILIAR_SAGA_TIMEOUT_MINUTES";
    public static final String ANALYTICS_RETENTION_DAYS = "FAMILIAR_ANALYTICS_RETENTION_DAYS";
    public static final String PROMPT_APPROVAL = "FAMILIAR_PROMPT_APPROVAL";
    public static final String PROMPT_APPROVER_ROLES = "FAMILIAR_PROMPT_APPROVER_ROLES";
    public static final String ENTRA_TENANT_ID = "FAMILIAR_ENTRA_TENANT_ID";
    public static final String ENTRA_CLIENT_ID = "FAMILIAR_ENTRA_CLIENT_ID";
    public static final String ENTRA_CLIENT_SECRET = "FAMILIAR_ENTRA_CLIENT_SECRET";
    public static final String ENTRA_CERTIFICATE_PATH = "FAMILIAR_ENTRA_CERTIFICATE_PATH";
    public static final String ENTRA_CERTIFICATE_PASSWORD = "FAMILIAR_ENTRA_CERTIFICATE_PASSWORD";
    public static final String ENTRA_GRAPH_URL = "FAMILIAR_ENTRA_GRAPH_URL";
    public static final String ENTRA_AUTHORITY_URL = "FAMILIAR_ENTRA_AUTHORITY_URL";
    public static final String ENTRA_CONSOLE_CLIENT_ID = "FAMILIAR_ENTRA_CONSOLE_CLIENT_ID";
    /**
     * Per provider: {@code FAMILIAR_LLM_OPENAI_API_KEY}, {@code _BASE_URL}, {@code _MODEL}, {@code _MAX_TOKENS_FIELD},
     * {@code _STREAM};
     * {@code FAMILIAR_TOKEN_PRICE_OPENAI}.
     */
    public static final String LLM_PREFIX = "FAMILIAR_LLM_";
    public static final String TOKEN_PRICE_PREFIX = "FAMILIAR_TOKEN_PRICE_";

    /** An HTTP header name (RFC 9110 token), lower-case by convention. */
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");
    private static final int MIN_ADMIN_PASSWORD = 12;

    private ConfigLoader() {
    }

    /** The configuration of this process: {@link System#getenv()} over the optional file. */
    public static ServerConfig fromEnvironment() {
        return load(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Reads {@code env} (and the file it names); {@code home} resolves the default data folder. */
    public static ServerConfig load(Map<String, String> env, Path home) {
        Map<String, String> values = new HashMap<>(readFile(env.get(CONFIG_FILE)));
        env.forEach((k, v) -> {
            if (k.startsWith("FAMILIAR_")) {
                values.put(k, v);
            }
        });
        return parse(values, home);
    }

    private static ServerConfig parse(Map<String, String> values, Path home) {
        String host = text(values, HTTP_HOST).orElse("0.0.0.0");
        int port = text(values, HTTP_PORT).map(v -> port(HTTP_PORT, v)).orElse(ServerConfig.DEFAULT_PORT);
        Path dataDir = text(values, DATA_DIR).map(v -> path(DATA_DIR, v)).orElse(home.resolve(".familiar"));
        String dbUrl = text(values, DB_URL).map(ConfigLoader::jdbcUrl).orElse(defaultH2Url(dataDir));
        String defaultUser = dbUrl.startsWith("jdbc:h2:") ? "sa" : "";
        String dbUser = text(values, DB_USER).orElse(defaultUser);
        String dbPassword = values.getOrDefault(DB_PASSWORD, "");
        Optional<String> redis = text(values, REDIS_URL).map(ConfigLoader::redisUrl);
        String tenantHeader = text(values, TENANT_HEADER).map(ConfigLoader::headerName)
                .orElse(ServerConfig.DEFAULT_TENANT_HEADER);
        Optional<String> adminUser = text(values, ADMIN_USERNAME);
        Optional<String> adminPassword = text(values, ADMIN_PASSWORD);
        adminUser.ifPresent(u -> {
            if (!USERNAME.matcher(u).matches()) {
                throw new ConfigException(ADMIN_USERNAME, "expected 3-64 letters, digits or ._@- characters");
            }
        });
        if (adminUser.isPresent() != adminPassword.isPresent()) {
            throw new ConfigException(adminUser.isPresent() ? ADMIN_PASSWORD : ADMIN_USERNAME,
                    "must be set together with " + (adminUser.isPresent() ? ADMIN_USERNAME : ADMIN_PASSWORD));
        }
        adminPassword.ifPresent(p -> {
            if (p.length() < MIN_ADMIN_PASSWORD) {
                throw new ConfigException(ADMIN_PASSWORD, "must be at least " + MIN_ADMIN_PASSWORD + " characters long");
            }
        });
        TokenSettings defaults = TokenSettings.defaults();
        TokenSettings tokens = new TokenSettings(
                text(values, JWT_ISSUER).orElse(defaults.issuer()),
                defaults.audience(),
                Duration.ofMinutes(number(values, USER_TOKEN_MINUTES, 1, 24 * 60, defaults.userTokenTtl().toMinutes())),
                Duration.ofMinutes(number(values, ACTIVATION_TOKEN_MINUTES, 1, 60, defaults.activationTokenTtl().toMinutes())),
                Duration.ofMinutes(number(values, ACTIVATION_CODE_MINUTES, 1, 7 * 24 * 60,
                        defaults.activationCodeTtl().toMinutes())),
                Duration.ofDays(number(values, REFRESH_TOKEN_DAYS, 1, 365, defaults.refreshTokenTtl().toDays())),
                Duration.ofDays(number(values, API_KEY_DAYS, 1, 3650, defaults.apiKeyTtl().toDays())),
                (int) number(values, API_KEYS_PER_USER, 1, 1000, defaults.apiKeysPerUser()),
                Duration.ofHours(number(values, INVITATION_TTL_HOURS, 1, 30 * 24, defaults.invitationTtl().toHours())),
                Duration.ofMinutes(number(values, PASSWORD_RESET_TTL_MINUTES, 5, 24 * 60,
                        defaults.passwordResetTtl().toMinutes())));
        return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, redis, tenantHeader.toLowerCase(),
                adminUser, adminPassword, tokens,
                number(values, USAGE_MAX_VALUE, 1, 1_000_000_000L, ServerConfig.DEFAULT_MAX_USAGE_VALUE),
                billing(values), llm(values), (int) number(values, REGISTRATIONS_PER_MINUTE, 1, 100_000,
                ServerConfig.DEFAULT_REGISTRATIONS_PER_MINUTE), prompts(values), entra(values));
    }

    /** Microsoft Entra: all of tenant and client id and a secret or certificate, or none of them (local directory). */
    private static EntraSettings entra(Map<String, String> values) {
        Optional<String> tenant = text(values, ENTRA_TENANT_ID);
        Optional<String> client = text(values, ENTRA_CLIENT_ID);
        Optional<String> secret = text(values, ENTRA_CLIENT_SECRET);
        Optional<Path> certificate = text(values, ENTRA_CERTIFICATE_PATH).map(v -> path(ENTRA_CERTIFICATE_PATH, v));
        if (tenant.isPresent() != client.isPresent()) {
            throw new ConfigException(tenant.isPresent() ? ENTRA_CLIENT_ID : ENTRA_TENANT_ID,
                    "must be set together with " + (tenant.isPresent() ? ENTRA_TENANT_ID : ENTRA_CLIENT_ID));
        }
        if (tenant.isEmpty() && (secret.isPresent() || certificate.isPresent())) {
            throw new ConfigException(ENTRA_TENANT_ID, "must be set (with " + ENTRA_CLIENT_ID + ") when "
                    + (secret.isPresent() ? ENTRA_CLIENT_SECRET : ENTRA_CERTIFICATE_PATH) + " is");
        }
        if (tenant.isPresent() && secret.isEmpty() && certificate.isEmpty()) {
            throw new ConfigException(ENTRA_CLIENT_SECRET, "or " + ENTRA_CERTIFICATE_PATH + " must be set with "
                    + ENTRA_TENANT_ID);
        }
        if (secret.isPresent() && certificate.isPresent()) {
            throw new ConfigException(ENTRA_CERTIFICATE_PATH, "set either it or " + ENTRA_CLIENT_SECRET + ", not both");
        }
        certificate.ifPresent(c -> {
            if (!java.nio.file.Files.isReadable(c)) {
                throw new ConfigException(ENTRA_CERTIFICATE_PATH, "is not a readable file");
            }
        });
        tenant.ifPresent(t -> {
            if (!t.matches("[A-Za-z0-9.-]{1,128}")) {
                throw new ConfigException(ENTRA_TENANT_ID, "expected a tenant id (a GUID) or domain name");
            }
        });
        return new EntraSettings(tenant, client, secret, certificate, values.getOrDefault(ENTRA_CERTIFICATE_PASSWORD, ""),
                text(values, ENTRA_GRAPH_URL).map(v -> httpUrl(ENTRA_GRAPH_URL, v)).orElse(null),
                text(values, ENTRA_AUTHORITY_URL).map(v -> httpUrl(ENTRA_AUTHORITY_URL, v)).orElse(null),
                text(values, ENTRA_CONSOLE_CLIENT_ID));
    }

    /** Prompt-function deployments: approval {@code required} (default) or {@code off}; the approver roles. */
    private static PromptFunctionSettings prompts(Map<String, String> values) {
        PromptFunctionSettings d = PromptFunctionSettings.defaults();
        boolean required = text(values, PROMPT_APPROVAL).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "required" -> true;
            case "off" -> false;
            default -> throw new ConfigException(PROMPT_APPROVAL, "expected required or off, got '" + shorten(v) + "'");
        }).orElse(d.approvalRequired());
        java.util.Set<dev.familiar.server.auth.Role> roles = d.approverRoles();
        Optional<String> named = text(values, PROMPT_APPROVER_ROLES);
        if (named.isPresent()) {
            roles = java.util.EnumSet.noneOf(dev.familiar.server.auth.Role.class);
            for (String part : named.get().split(",")) {
                String name = part.trim().toUpperCase(java.util.Locale.ROOT);
                dev.familiar.server.auth.Role role = PromptFunctionSettings.APPROVER_CANDIDATES.stream()
                        .filter(r -> r.name().equals(name)).findFirst().orElseThrow(() -> new ConfigException(
                                PROMPT_APPROVER_ROLES, "expected a comma-separated list of ADMIN and PROMPT_ENGINEER, got '"
                                        + shorten(part.trim()) + "'"));
                roles.add(role);
            }
        }
        return new PromptFunctionSettings(required, roles);
    }

    /** The LLM-token API's settings over the document's defaults. */
    private static LlmTokenSettings llm(Map<String, String> values) {
        LlmTokenSettings d = LlmTokenSettings.defaults();
        Map<String, LlmTokenSettings.Tier> tiers = new java.util.LinkedHashMap<>(d.tiers());
        text(values, TOKEN_TIERS).ifPresent(v -> {
            for (String entry : v.split(",")) {
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("\\s*([A-Z_]{2,20})=(\\d{1,12})(?::(\\d+(?:\\.\\d+)?):(\\d+(?:\\.\\d+)?))?\\s*").matcher(entry);
                if (!m.matches()) {
                    throw new ConfigException(TOKEN_TIERS, "expected NAME=maxTokens[:capacityMultiplier:leakMultiplier],...");
                }
                LlmTokenSettings.Tier old = tiers.get(m.group(1));
                int priority = old != null ? old.priority() : tiers.size();
                double cap = m.group(3) != null ? Double.parseDouble(m.group(3)) : old != null ? old.capacityMultiplier() : 1;
                double leak = m.group(4) != null ? Double.parseDouble(m.group(4)) : old != null ? old.leakMultiplier() : 1;
                if (cap <= 0 || leak <= 0) {
                    throw new ConfigException(TOKEN_TIERS, "multipliers must be above 0");
                }
                tiers.put(m.group(1), new LlmTokenSettings.Tier(m.group(1), priority, Long.parseLong(m.group(2)), cap, leak));
            }
        });
        String defaultTier = text(values, TOKEN_DEFAULT_TIER).orElse(d.defaultTier());
        if (!tiers.containsKey(defaultTier)) {
            throw new ConfigException(TOKEN_DEFAULT_TIER, "is not one of the tiers " + tiers.keySet());
        }
        Map<String, LlmTokenSettings.TenantLimit> tenantLimits = new java.util.LinkedHashMap<>();
        text(values, RATE_LIMIT_TENANTS).ifPresent(v -> {
            for (String entry : v.split(",")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([A-Za-z0-9_.-]{1,64})=(\\d{1,9})/(\\d{1,7})\\s*")
                        .matcher(entry);
                if (!m.matches() || Long.parseLong(m.group(2)) < 1 || Long.parseLong(m.group(3)) < 1) {
                    throw new ConfigException(RATE_LIMIT_TENANTS, "expected tenant=capacity/windowSeconds,... such as "
                            + "tenant-acme=500/60");
                }
                tenantLimits.put(m.group(1), new LlmTokenSettings.TenantLimit(Long.parseLong(m.group(2)),
                        Duration.ofSeconds(Long.parseLong(m.group(3)))));
            }
        });
        Duration timeout = Duration.ofSeconds(number(values, LLM_TIMEOUT_SECONDS, 1, 600, 30));
        Map<String, LlmTokenSettings.Provider> providers = new java.util.LinkedHashMap<>();
        for (LlmTokenSettings.Provider p : d.providers().values()) {
            String upper = p.name().toUpperCase(java.util.Locale.ROOT);
            String baseVar = LLM_PREFIX + upper + "_BASE_URL";
            String priceVar = TOKEN_PRICE_PREFIX + upper;
            String fieldVar = LLM_PREFIX + upper + "_MAX_TOKENS_FIELD";
            java.math.BigDecimal price = text(values, priceVar).map(v -> {
                try {
                    java.math.BigDecimal b = new java.math.BigDecimal(v);
                    if (b.signum() >= 0 && b.compareTo(java.math.BigDecimal.TEN) <= 0) {
                        return b;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new ConfigException(priceVar, "expected a price per token between 0 and 10, such as 0.002");
            }).orElse(p.pricePerToken());
            providers.put(p.name(), new LlmTokenSettings.Provider(p.name(),
                    text(values, baseVar).map(v -> httpUrl(baseVar, v)).map(ConfigLoader::noTrailingSlash).orElse(p.baseUrl()),
                    text(values, LLM_PREFIX + upper + "_MODEL").orElse(p.model()),
                    text(values, LLM_PREFIX + upper + "_API_KEY"), timeout, price,
                    text(values, fieldVar).map(v -> {
                        if (!LlmTokenSettings.Provider.MAX_TOKENS_FIELDS.contains(v)) {
                            throw new ConfigException(fieldVar, "expected max_tokens or max_completion_tokens");
                        }
                        return v;
                    }).orElse(p.maxTokensField()), text(values, LLM_PREFIX + upper + "_STREAM")
                    .map(v -> bool(LLM_PREFIX + upper + "_STREAM", v)).orElse(p.stream())));
        }
        String upgradeUrl = text(values, TOKEN_UPGRADE_URL).map(v -> httpUrl(TOKEN_UPGRADE_URL, v)).orElse(d.upgradeUrl());
        return new LlmTokenSettings(tiers, defaultTier,
                Duration.ofHours(number(values, TOKEN_QUOTA_WINDOW_HOURS, 1, 24 * 366, d.quotaWindow().toHours())),
                number(values, RATE_LIMIT_CAPACITY, 1, 100_000_000, d.bucketCapacity()),
                (double) number(values, RATE_LIMIT_LEAK_PER_SECOND, 1, 100_000_000, (long) d.leakPerSecond()),
                tenantLimits, providers, upgradeUrl,
                Duration.ofMinutes(number(values, SAGA_TIMEOUT_MINUTES, 1, 24 * 60, d.sagaTimeout().toMinutes())),
                Duration.ofDays(number(values, ANALYTICS_RETENTION_DAYS, 1, 3650, d.retention().toDays())), d.currency());
    }

    private static String noTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Stripe when a key is configured, dry-run otherwise; {@code FAMILIAR_BILLING_MODE} may say so explicitly. */
    private static BillingSettings billing(Map<String, String> values) {
        Optional<String> key = text(values, STRIPE_API_KEY);
        key.ifPresent(k -> {
            if (!k.matches("(sk|rk)_(test|live)_[A-Za-z0-9]+")) {
                throw new ConfigException(STRIPE_API_KEY, "expected a Stripe secret key (sk_test_... or sk_live_...)");
            }
        });
        BillingSettings.Mode mode = text(values, BILLING_MODE).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "stripe" -> BillingSettings.Mode.STRIPE;
            case "dry-run", "dryrun", "dry_run" -> BillingSettings.Mode.DRY_RUN;
            default -> throw new ConfigException(BILLING_MODE, "expected stripe or dry-run, got '" + shorten(v) + "'");
        }).orElse(key.isPresent() ? BillingSettings.Mode.STRIPE : BillingSettings.Mode.DRY_RUN);
        if (mode == BillingSettings.Mode.STRIPE && key.isEmpty()) {
            throw new ConfigException(STRIPE_API_KEY, "is required when " + BILLING_MODE + "=stripe");
        }
        String apiBase = text(values, STRIPE_API_BASE).map(v -> httpUrl(STRIPE_API_BASE, v))
                .orElse(BillingSettings.DEFAULT_API_BASE);
        java.util.List<String> secrets = text(values, STRIPE_WEBHOOK_SECRET)
                .map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
                .orElse(java.util.List.of());
        for (String secret : secrets) {
            if (!secret.startsWith("whsec_") || secret.length() < 12) {
                throw new ConfigException(STRIPE_WEBHOOK_SECRET, "expected whsec_... signing secrets, separated by commas");
            }
        }
        boolean collectCard = text(values, BILLING_COLLECT_CARD_FIRST).map(v -> bool(BILLING_COLLECT_CARD_FIRST, v))
                .orElse(false);
        String returnUrl = text(values, BILLING_RETURN_URL).map(v -> httpUrl(BILLING_RETURN_URL, v))
                .orElse(BillingSettings.DEFAULT_RETURN_URL);
        int perMinute = (int) number(values, SIGNUPS_PER_MINUTE, 1, 100_000, BillingSettings.DEFAULT_SIGNUPS_PER_MINUTE);
        boolean allowUnsigned = text(values, STRIPE_WEBHOOKS_ALLOW_UNSIGNED)
                .map(v -> bool(STRIPE_WEBHOOKS_ALLOW_UNSIGNED, v)).orElse(false);
        if (allowUnsigned && mode == BillingSettings.Mode.STRIPE) {
            throw new ConfigException(STRIPE_WEBHOOKS_ALLOW_UNSIGNED, "is a development switch for dry-run billing; "
                    + "Stripe mode always verifies webhooks");
        }
        if (allowUnsigned && !secrets.isEmpty()) {
            throw new ConfigException(STRIPE_WEBHOOKS_ALLOW_UNSIGNED, "has no effect with " + STRIPE_WEBHOOK_SECRET
                    + " set (every webhook is verified then); unset one of them");
        }
        return new BillingSettings(mode, key, apiBase, secrets, collectCard, returnUrl, perMinute, allowUnsigned);
    }

    private static String httpUrl(String variable, String value) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value.endsWith("/") && variable.equals(STRIPE_API_BASE) ? value.substring(0, value.length() - 1) : value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(variable, "expected an http:// or https:// URL");
    }

    private static boolean bool(String variable, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(variable, "expected true or false, got '" + shorten(value) + "'");
        };
    }

    /**
     * The embedded database: an H2 file in {@code dataDir}. {@code WRITE_DELAY=0} makes every commit reach
     * the file before the statement returns, so an answered commit survives {@code kill -9}. {@code
     * QUERY_CACHE_SIZE}: see {@link #H2_QUERY_CACHE}.
     */
    public static String defaultH2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("familiar").toString().replace('\\', '/')
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;" + H2_QUERY_CACHE;
    }

    /**
     * H2 parses a statement again unless it is among the connection's last 8 (its default); the server's pooled
     * connections run far more than 8 different statements, so the hot routes' inserts were parsed per call (6–8 %
     * of the writer's time; docs/performance/ledger.md). 64 keeps them all, for a few hundred KB of heap.
     */
    static final String H2_QUERY_CACHE = "QUERY_CACHE_SIZE=64";

    private static Optional<String> text(Map<String, String> values, String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static int port(String variable, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(variable, "expected a port number between 0 and 65535, got '" + shorten(value) + "'");
    }

    private static long number(Map<String, String> values, String variable, long min, long max, long fallback) {
        Optional<String> value = text(values, variable);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(variable, "expected a whole number between " + min + " and " + max + ", got '"
                + shorten(value.get()) + "'");
    }

    private static Path path(String variable, String value) {
        try {
            return Path.of(value);
        } catch (RuntimeException e) {
            throw new ConfigException(variable, "not a usable path: '" + shorten(value) + "'");
        }
    }

    private static String jdbcUrl(String value) {
        if (value.startsWith("jdbc:h2:")) {
            // An answered commit must survive kill -9; H2 delays writes by default.
            String upper = value.toUpperCase(java.util.Locale.ROOT);
            String url = upper.contains("WRITE_DELAY=") ? value : value + ";WRITE_DELAY=0";
            return upper.contains("QUERY_CACHE_SIZE=") ? url : url + ";" + H2_QUERY_CACHE;
        }
        if (value.startsWith("jdbc:postgresql:")) {
            return value;
        }
        throw new ConfigException(DB_URL, "expected a jdbc:h2: or jdbc:postgresql: URL");
    }

    private static String redisUrl(String value) {
        try {
            URI uri = new URI(value);
            if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(REDIS_URL, "expected redis://host:port (or rediss://)");
    }

    private static String headerName(String value) {
        if (HEADER_NAME.matcher(value).matches()) {
            return value;
        }
        throw new ConfigException(TENANT_HEADER, "not a valid HTTP header name: '" + shorten(value) + "'");
    }

    private static Map<String, String> readFile(String file) {
        if (file == null || file.isBlank()) {
            return Map.of();
        }
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new ConfigException(CONFIG_FILE, "cannot read " + path);
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(CONFIG_FILE, "cannot parse " + path + " as a properties file");
        }
        Map<String, String> out = new HashMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        return out;
    }

    /** Values can be secrets or garbage: quote at most a short, printable prefix. */
    private static String shorten(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
