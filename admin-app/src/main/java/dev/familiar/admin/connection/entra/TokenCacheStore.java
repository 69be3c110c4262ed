package dev.familiar.admin.connection.entra;

import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4jextensions.PersistenceSettings;
import com.microsoft.aad.msal4jextensions.PersistenceTokenCacheAccessAspect;
import com.microsoft.aad.msal4jextensions.persistence.linux.KeyRingAccessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where msal4j keeps the console's Entra token cache (accounts and refresh tokens, so the next sign-in is silent):
 * {@code <data folder>/entra/} with msal4j's persistence extension. Windows: a file encrypted with DPAPI; macOS: the
 * keychain; Linux: the keyring through libsecret, and when no keyring answers (a server without a desktop session) a
 * plain file that only the user may read ({@code rw-------}), which the log says.
 */
public final class TokenCacheStore {
    private static final Logger LOG = LoggerFactory.getLogger(TokenCacheStore.class);
    static final String FILE_NAME = "msal_token_cache.bin";
    private static final String SERVICE = "dev.familiar.console";

    /** How the cache is protected. */
    public enum Protection { OS_PROTECTED, KEYRING, USER_ONLY_FILE }

    /** The cache as msal4j's hook, and how it is protected. */
    public record Opened(ITokenCacheAccessAspect aspect, Protection protection, Path file) {
    }

    private TokenCacheStore() {
    }

    /** The cache in {@code dir}, protected as well as this system allows. */
    public static Opened open(Path dir) throws IOException {
        return open(dir, System.getProperty("os.name", ""), () -> keyringAnswers(dir));
    }

    /** As {@link #open(Path)} for a named OS, with the keyring check given (tests). */
    static Opened open(Path dir, String osName, java.util.function.BooleanSupplier keyringAnswers) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        String os = osName.toLowerCase(Locale.ROOT);
        PersistenceSettings.Builder settings = PersistenceSettings.builder(FILE_NAME, dir)
                .setMacKeychain(SERVICE, "MSALCache")
                .setLockRetry(100, 60);
        Protection protection;
        if (os.contains("linux")) {
            if (keyringAnswers.getAsBoolean()) {
                settings.setLinuxKeyring(null, SERVICE + ".tokencache", "Familiar console Entra token cache",
                        "service", SERVICE, "version", "1");
                protection = Protection.KEYRING;
            } else {
                userOnlyFolder(dir);
                userOnlyFile(file);
                settings.setLinuxUseUnprotectedFileAsCacheStorage(true);
                protection = Protection.USER_ONLY_FILE;
                LOG.warn("No keyring answers (libsecret); the Entra token cache is a file only this user may read: {}",
                        file);
            }
        } else {
            protection = os.contains("windows") || os.contains("mac") ? Protection.OS_PROTECTED : Protection.USER_ONLY_FILE;
            if (protection == Protection.USER_ONLY_FILE) {
                userOnlyFolder(dir);
                userOnlyFile(file);
            }
        }
        LOG.info("Entra token cache: {} ({})", file, protection.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        ITokenCacheAccessAspect aspect = new PersistenceTokenCacheAccessAspect(settings.build());
        if (protection == Protection.USER_ONLY_FILE) {
            aspect = keptUserOnly(aspect, file);
        }
        return new Opened(aspect, protection, file);
    }

    /**
     * The extension rewrites the file through a temporary file with the default permissions; the folder (rwx------)
     * keeps others out, and this puts the file back to rw------- after every write.
     */
    private static ITokenCacheAccessAspect keptUserOnly(ITokenCacheAccessAspect aspect, Path file) {
        return new ITokenCacheAccessAspect() {
            @Override
            public void beforeCacheAccess(com.microsoft.aad.msal4j.ITokenCacheAccessContext context) {
                aspect.beforeCacheAccess(context);
            }

            @Override
            public void afterCacheAccess(com.microsoft.aad.msal4j.ITokenCacheAccessContext context) {
                aspect.afterCacheAccess(context);
                try {
                    userOnlyFile(file);
                } catch (IOException e) {
                    LOG.warn("Could not make the Entra token cache readable by this user only: {}", e.getMessage());
                }
            }
        };
    }

    /** Whether the Linux keyring stores, reads and deletes a test secret (libsecret present and unlocked). */
    static boolean keyringAnswers(Path dir) {
        try {
            KeyRingAccessor probe = new KeyRingAccessor(dir.resolve("keyring-probe").toString(), null, SERVICE + ".probe", "Familiar keyring probe",
                    "service", SERVICE, "probe", "1");
            probe.verify();
            return true;
        } catch (Throwable e) { // UnsatisfiedLinkError without libsecret, KeyRingAccessException without a keyring
            LOG.debug("keyring probe failed: {}", e.getClass().getSimpleName());
            return false;
        }
    }

    private static void userOnlyFolder(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the user's profile folder protects it
        }
    }

    private static void userOnlyFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            file.toFile().setWritable(false, false);
            file.toFile().setWritable(true, true);
        }
    }
}
