package dev.familiar.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code FAMILIAR_*} variable the server or its launcher reads is documented where operators look: the
 * distribution's {@code conf/familiar.env.sample} (as a setting line) and the README's configuration table.
 *
 * <p>What the server reads is found in its sources rather than in a list kept by hand: every {@code "FAMILIAR_…"}
 * literal under {@code src/main/java} (ConfigLoader's keys, and the settings read straight from the environment
 * such as {@code FAMILIAR_USAGE_JOURNAL}), the logback configuration's {@code ${FAMILIAR_…}}, the names ConfigLoader
 * builds per LLM provider ({@code LLM_PREFIX + upper + "_SUFFIX"}, for each default provider), and the names
 * {@code bin/familiar-server} reads. A new variable anywhere in those places fails here until it is documented.
 */
class ConfigurationDocumentedTest {
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\\n]|\\\\.)*\"");
    /** A whole name: not the prefix literals {@code "FAMILIAR_LLM_"}, not a name followed by more of one. */
    private static final Pattern NAME = Pattern.compile("FAMILIAR_[A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_])");
    private static final Pattern LOGBACK = Pattern.compile("\\$\\{(FAMILIAR_[A-Z0-9_]*[A-Z0-9])");
    private static final Pattern PROVIDER_SUFFIX = Pattern.compile("LLM_PREFIX \\+ upper \\+ \"(_[A-Z0-9_]+)\"");
    private static final Pattern SHELL_NAME = Pattern.compile("\\b(FAMILIAR_[A-Z0-9_]*[A-Z0-9])\\b");
    private static final Pattern SAMPLE_SETTING = Pattern.compile("(?m)^#?(FAMILIAR_[A-Z0-9_]*[A-Z0-9])=");
    /** Read by the launcher before it reads any environment file, so they belong in its environment, not a file. */
    private static final Set<String> LAUNCHER_ENVIRONMENT_ONLY = Set.of("FAMILIAR_HOME", "FAMILIAR_ENV_FILE");

    private static Path root;
    private static String sample;
    private static String readme;

    @BeforeAll
    static void readFiles() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("installer/src/dist"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (a folder holding installer/src/dist)").isNotNull();
        root = dir;
        sample = Files.readString(root.resolve("installer/src/dist/conf/familiar.env.sample"), StandardCharsets.UTF_8);
        readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void theScanFindsTheVariablesReadOutsideConfigLoaderAndThoseBuiltPerProvider() throws IOException {
        // guards the scan itself: were it to find nothing, every other test here would pass vacuously
        assertThat(serverVariables()).contains("FAMILIAR_HTTP_PORT", "FAMILIAR_USAGE_JOURNAL", "FAMILIAR_JOURNAL_FSYNC",
                "FAMILIAR_PROMPT_BATCH_WORKERS", "FAMILIAR_TOKEN_SETTINGS_REFRESH_SECONDS", "FAMILIAR_LOG_LEVEL",
                "FAMILIAR_LLM_GEMINI_STREAM", "FAMILIAR_LLM_QWEN_MAX_TOKENS_FIELD", "FAMILIAR_TOKEN_PRICE_QWEN");
        assertThat(launcherVariables()).contains("FAMILIAR_JAVA_OPTS", "FAMILIAR_CDS_DIR", "FAMILIAR_HOME");
    }

    @Test
    void theSampleConfigurationHasASettingLineForEveryVariableTheServerReads() throws IOException {
        assertThat(settingLines()).containsAll(serverVariables());
    }

    @Test
    void theSampleConfigurationNamesEveryVariableTheLauncherReads() throws IOException {
        Set<String> launcher = launcherVariables();
        Set<String> settable = new TreeSet<>(launcher);
        settable.removeAll(LAUNCHER_ENVIRONMENT_ONLY);
        assertThat(settingLines()).containsAll(settable);
        for (String name : LAUNCHER_ENVIRONMENT_ONLY) {
            assertThat(sample).as("the sample explains %s", name).containsPattern("\\b" + name + "\\b");
        }
    }

    @Test
    void theSampleConfigurationOffersNoSettingNobodyReads() throws IOException {
        Set<String> read = new TreeSet<>(serverVariables());
        read.addAll(launcherVariables());
        assertThat(read).containsAll(settingLines());
    }

    @Test
    void theReadmeConfigurationTableNamesEveryVariable() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (String name : serverVariables()) {
            expected.add(readmeForm(name));
        }
        expected.addAll(launcherVariables());
        Set<String> missing = new TreeSet<>();
        for (String form : expected) {
            if (!readme.contains("`" + form + "`")) {
                missing.add(form);
            }
        }
        assertThat(missing).as("variables missing from README.md's configuration table (as `NAME`)").isEmpty();
        for (String provider : providers()) {
            assertThat(readme).as("README names the provider %s", provider).contains("`" + provider + "`");
        }
    }

    /** The README documents the per-provider names once, with {@code <PROVIDER>} in place of the provider. */
    private static String readmeForm(String name) {
        for (String provider : providers()) {
            for (String prefix : new String[] {ConfigLoader.LLM_PREFIX, ConfigLoader.TOKEN_PRICE_PREFIX}) {
                if (name.startsWith(prefix + provider) && (name.length() == (prefix + provider).length()
                        || name.charAt((prefix + provider).length()) == '_')) {
                    return prefix + "<PROVIDER>" + name.substring((prefix + provider).length());
                }
            }
        }
        return name;
    }

    private static Set<String> providers() {
        Set<String> out = new TreeSet<>();
        LlmTokenSettings.defaults().providers().keySet().forEach(p -> out.add(p.toUpperCase(Locale.ROOT)));
        return out;
    }

    private static Set<String> settingLines() {
        Set<String> out = new TreeSet<>();
        Matcher m = SAMPLE_SETTING.matcher(sample);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> serverVariables() throws IOException {
        Path module = root.resolve("quota-server");
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                Matcher literal = STRING_LITERAL.matcher(source);
                while (literal.find()) {
                    Matcher m = NAME.matcher(literal.group());
                    while (m.find()) {
                        out.add(m.group());
                    }
                }
                Matcher suffix = PROVIDER_SUFFIX.matcher(source);
                while (suffix.find()) {
                    for (String provider : providers()) {
                        out.add(ConfigLoader.LLM_PREFIX + provider + suffix.group(1));
                    }
                }
            }
        }
        for (String provider : providers()) {
            out.add(ConfigLoader.TOKEN_PRICE_PREFIX + provider);
        }
        Matcher m = LOGBACK.matcher(Files.readString(module.resolve("src/main/resources/logback.xml"), StandardCharsets.UTF_8));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> launcherVariables() throws IOException {
        Set<String> out = new TreeSet<>();
        String script = Files.readString(root.resolve("installer/src/dist/bin/familiar-server"), StandardCharsets.UTF_8);
        Matcher m = SHELL_NAME.matcher(script);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
