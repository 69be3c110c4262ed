package dev.familiar.server.directory;

import dev.familiar.server.config.EntraSettings;
import dev.familiar.server.directory.graph.GraphDirectory;
import dev.familiar.server.directory.local.LocalDirectory;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the live directory at start: Microsoft Entra over Graph when {@link EntraSettings#enabled()}, else the
 * local directory (a dry-run of Entra in our database), and says which in the log, as billing does for Stripe.
 */
public final class Directories {
    private static final Logger LOG = LoggerFactory.getLogger(Directories.class);

    /** Opens the Graph adapter (kept as a function so tests can stand in for it). */
    @FunctionalInterface
    interface EntraOpener {
        Directory open(EntraSettings settings, Clock clock) throws Exception;
    }

    private static final EntraOpener ENTRA = GraphDirectory::open;

    private Directories() {
    }

    /**
     * The live directory: Entra's when {@code settings.enabled()}, else the local one over {@code dataSource}.
     *
     * @throws Exception when the Graph adapter cannot be set up (a bad certificate, say); the server does not start
     */
    public static Directory open(EntraSettings settings, DataSource dataSource, Clock clock) throws Exception {
        return open(settings, dataSource, clock, ENTRA);
    }

    static Directory open(EntraSettings settings, DataSource dataSource, Clock clock, EntraOpener entra)
            throws Exception {
        if (settings.enabled()) {
            Directory directory = entra.open(settings, clock);
            LOG.info("Directory: Microsoft Entra tenant {} via {}", settings.tenantId().orElseThrow(), settings.graphUrl());
            return directory;
        }
        LOG.warn("Directory: LOCAL (dry-run of Microsoft Entra): groups and memberships are kept in this server's "
                + "database over its own user accounts; Microsoft Graph is not called (set FAMILIAR_ENTRA_TENANT_ID, "
                + "FAMILIAR_ENTRA_CLIENT_ID and FAMILIAR_ENTRA_CLIENT_SECRET or FAMILIAR_ENTRA_CERTIFICATE_PATH for Entra)");
        return new LocalDirectory(dataSource, clock);
    }
}
