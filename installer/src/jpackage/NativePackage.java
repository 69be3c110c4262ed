import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds the console's native package with jlink and jpackage: one program for every platform, so the same Maven
 * command works on Linux, Windows and macOS (jpackage cannot cross-build: each platform makes its own). The installer
 * module runs it in the {@code native} and {@code drills} profiles, from the folder {@code target/jpackage}:
 *
 * <pre>
 *   java NativePackage.java &lt;platform linux|windows|mac&gt; &lt;project version&gt; &lt;src/jpackage&gt; &lt;jvm.options&gt;
 * </pre>
 *
 * It expects the console's jar in {@code input/familiar-console.jar} (the Maven build copies it there) and makes
 * {@code runtime/} (jlink, from {@code jlink.args}) and, in {@code out/}: on Linux the application image
 * {@code Familiar Console/} and {@code familiar-console_<version>_<arch>.deb}; on Windows the {@code .msi}; on macOS
 * the {@code .dmg}. The jpackage arguments are in the {@code *.args} files beside this one; only the version and the
 * JVM options (from {@code admin-app/conf/jvm.options}, so the package starts the JVM like bin/familiar-console
 * does) are generated. A missing packaging tool stops it with one line naming what to install.
 */
public final class NativePackage {
    private NativePackage() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            fail("usage: java NativePackage.java <linux|windows|mac> <project version> <src/jpackage> <jvm.options>");
        }
        String platform = args[0];
        Path src = Path.of(args[2]).toAbsolutePath().normalize();
        Path jvmOptions = Path.of(args[3]).toAbsolutePath().normalize();
        String version = appVersion(args[1], platform);
        Path jar = Path.of("input", "familiar-console.jar");
        if (!Files.isRegularFile(jar)) {
            fail("no " + jar.toAbsolutePath() + ": build admin-app first (./mvnw -pl installer -am -Pnative package)");
        }
        checkTools(platform);

        deleteRecursively(Path.of("runtime"));
        deleteRecursively(Path.of("out"));
        Files.writeString(Path.of("java-options.args"), javaOptionsArgs(jvmOptions), StandardCharsets.UTF_8);

        Map<String, Long> millis = new LinkedHashMap<>();
        long start = System.nanoTime();
        // jlink's ToolProvider, unlike its command, does not read @files: read it here
        run("jlink", concat(argFile(src.resolve("jlink.args")), "--output", "runtime"));
        millis.put("jlink", elapsed(start));

        List<String> app = List.of("@" + src.resolve("common.args"), "@" + src.resolve("app.args"),
                "@java-options.args", "--app-version", version);
        start = System.nanoTime();
        switch (platform) {
            case "linux" -> {
                run("jpackage", concat(app, "@" + src.resolve("linux.args")));
                millis.put("jpackage app-image", elapsed(start));
                start = System.nanoTime();
                run("jpackage", "@" + src.resolve("common.args"), "@" + src.resolve("linux-deb.args"),
                        "--app-version", version);
                millis.put("jpackage deb", elapsed(start));
            }
            case "windows" -> {
                run("jpackage", concat(app, "@" + src.resolve("windows.args")));
                millis.put("jpackage msi", elapsed(start));
            }
            case "mac" -> {
                run("jpackage", concat(app, "@" + src.resolve("mac.args")));
                millis.put("jpackage dmg", elapsed(start));
            }
            default -> fail("unknown platform " + platform + " (linux, windows or mac)");
        }
        report(version, millis);
    }

    /** jpackage wants numbers only: 0.1.0-SNAPSHOT is 0.1.0. A macOS bundle version cannot start with 0. */
    static String appVersion(String projectVersion, String platform) {
        Matcher m = Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?").matcher(projectVersion);
        if (!m.find()) {
            fail("cannot make a numeric version of " + projectVersion);
        }
        int major = Integer.parseInt(m.group(1));
        String minor = m.group(2) == null ? "0" : m.group(2);
        String patch = m.group(3) == null ? "0" : m.group(3);
        if (platform.equals("mac") && major == 0) {
            major = 1;
        }
        return major + "." + minor + "." + patch;
    }

    /** One {@code --java-options} per line of jvm.options ('#' comments and blank lines skipped). */
    static String javaOptionsArgs(Path jvmOptions) throws IOException {
        StringBuilder out = new StringBuilder("# generated by NativePackage.java from " + jvmOptions + "\n");
        for (String line : Files.readAllLines(jvmOptions, StandardCharsets.UTF_8)) {
            String option = line.strip();
            if (option.isEmpty() || option.startsWith("#")) {
                continue;
            }
            if (option.contains("\"")) {
                fail(jvmOptions + ": an option with a double quote cannot be passed to jpackage: " + option);
            }
            out.append("--java-options \"").append(option).append("\"\n");
        }
        return out.toString();
    }

    /** Fails with one line naming what to install when jpackage would fail later, less clearly. */
    static void checkTools(String platform) {
        switch (platform) {
            case "linux" -> {
                List<String> missing = Stream.of("fakeroot", "dpkg-deb").filter(t -> !onPath(t)).toList();
                if (!missing.isEmpty()) {
                    fail(String.join(" and ", missing) + " not found: the .deb needs Debian's packages fakeroot and "
                            + "dpkg-dev (sudo apt-get install -y fakeroot dpkg-dev)");
                }
            }
            case "windows" -> {
                boolean wix = onPath("candle.exe") && onPath("light.exe")
                        || Stream.of(System.getenv("ProgramFiles(x86)"), System.getenv("ProgramFiles"))
                                .filter(d -> d != null)
                                .flatMap(NativePackage::wixFolders)
                                .anyMatch(bin -> Files.isRegularFile(bin.resolve("candle.exe")));
                if (!wix) {
                    fail("WiX Toolset 3 not found (candle.exe, light.exe): the .msi needs it, "
                            + "e.g. winget install WiXToolset.WiXToolset, then put its bin folder on the PATH");
                }
            }
            case "mac" -> {
                if (!onPath("hdiutil")) {
                    fail("hdiutil not found: the .dmg is made with macOS's hdiutil (xcode-select --install)");
                }
            }
            default -> fail("unknown platform " + platform + " (linux, windows or mac)");
        }
    }

    private static Stream<Path> wixFolders(String programFiles) {
        try (Stream<Path> dirs = Files.list(Path.of(programFiles))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("WiX Toolset v3"))
                    .map(d -> d.resolve("bin")).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The words of an @file without quotes or blanks in them: '#' to the end of a line is a comment. */
    static List<String> argFile(Path file) throws IOException {
        List<String> words = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String content = line.replaceFirst("#.*", "").strip();
            if (!content.isEmpty()) {
                words.addAll(List.of(content.split("\\s+")));
            }
        }
        return words;
    }

    private static void run(String tool, List<String> args) {
        run(tool, args.toArray(String[]::new));
    }

    private static void run(String tool, String... args) {
        ToolProvider provider = ToolProvider.findFirst(tool)
                .orElseGet(() -> fail(tool + " not found: run the build with a full JDK 17+ (JAVA_HOME), not a JRE"));
        System.out.println("[native] " + tool + " " + String.join(" ", args));
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = provider.run(out, err, args);
        if (status != 0) {
            fail(tool + " failed (exit " + status + "), see above");
        }
    }

    private static void report(String version, Map<String, Long> millis) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("app version: " + version);
        lines.add("runtime (jlink): " + mib(size(Path.of("runtime"))) + " MiB, "
                + Files.walk(Path.of("runtime", "lib")).count() + " files under lib/");
        try (Stream<Path> outputs = Files.list(Path.of("out"))) {
            for (Path p : outputs.sorted().toList()) {
                lines.add((Files.isDirectory(p) ? "image " : "package ") + p.getFileName() + ": " + mib(size(p))
                        + " MiB");
            }
        }
        millis.forEach((step, ms) -> lines.add("time " + step + ": " + ms / 1000.0 + " s"));
        Files.write(Path.of("sizes.txt"), lines, StandardCharsets.UTF_8);
        lines.forEach(l -> System.out.println("[native] " + l));
    }

    private static long size(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static <T> T fail(String message) {
        System.err.println("native package: " + message);
        System.exit(1);
        return null;
    }
}
