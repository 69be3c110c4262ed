package dev.familiar.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.ScreenDescriptor;
import dev.familiar.admin.screens.ScreenHost;
import dev.familiar.admin.screens.ScreenRegistry;
import dev.familiar.admin.session.SessionState;
import dev.familiar.model.audit.AuditEntryView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Audit log screen on Monocle's headless screen over a real embedded server: filter by actor and an action
 * prefix, page with Load more, export the filter to CSV and read the file's lines.
 */
class AuditViewUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dataDir;
    @TempDir
    Path exports;

    private AuditServerFixture fixture;
    private FxBackgroundExecutor executor;

    private void mount(Path exportFile) throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            SessionState session = new SessionState();
            session.connected(fixture.client, "admin");
            ScreenRegistry registry = new ScreenRegistry(List.of(new ScreenDescriptor(AuditView.ID, "Audit log", 0,
                    context -> new AuditView(new AuditViewModel(context.session().api(c -> new ClientAuditApi(c.audit())),
                            context.tasks(), context.dialogs(), name -> Optional.of(exportFile), Clock.systemUTC())))));
            Navigator navigator = new Navigator(Place.of(AuditView.ID), registry::knows);
            executor = new FxBackgroundExecutor();
            ScreenHost host = new ScreenHost(registry, navigator, session, executor, new ActivityMonitor(),
                    new FxDialogService(stage));
            BorderPane root = new BorderPane();
            host.currentProperty().addListener((obs, old, screen) -> root.setCenter(screen.view()));
            stage.setScene(new Scene(root, 1280, 800));
            host.start();
            stage.show();
        });
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        if (executor != null) {
            executor.shutdown();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void filtersByActorAndActionPrefixPagesAndExportsTheFilterToCsv() throws Exception {
        fixture = new AuditServerFixture(dataDir);
        Instant t0 = Instant.parse("2030-05-01T08:00:00Z");
        List<AuditEntryView> entries = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            entries.add(new AuditEntryView(String.format("ui-%03d", i), t0.plusSeconds(i), null,
                    i % 2 == 0 ? "ops-1" : "ops-2", i % 3 == 0 ? "user.invite" : "billing.plan.upgrade",
                    "org-" + i, i % 10 == 0 ? "DENIED" : "SUCCESS", "req-" + i, "10.1.0." + i % 200));
        }
        fixture.insert(entries);
        Path file = exports.resolve("audit.csv");
        mount(file);
        TableView<?> table = lookup("#auditTable").queryAs(TableView.class);
        await(() -> table.getItems().size() == AuditViewModel.PAGE_SIZE, "the first page");
        assertThat(text("#auditSummary")).isEqualTo("100 entries shown · more on the server");

        clickOn("#auditActor").write("ops-1");
        clickOn("#auditAction").write("billing.*");
        clickOn("#auditApply");
        // ops-1 is every even i; billing.* every i not divisible by 3: 80 of the 240
        List<String> want = new ArrayList<>();
        for (int i = 239; i >= 0; i--) {
            if (i % 2 == 0 && i % 3 != 0) {
                want.add(String.format("ui-%03d", i));
            }
        }
        await(() -> text("#auditSummary").equals("80 entries"), "the filtered log");
        assertThat(onFx(() -> table.getItems().stream().map(r -> ((AuditItemViewModel) r).id()).toList()))
                .isEqualTo(want);
        AuditItemViewModel top = (AuditItemViewModel) onFx(() -> table.getItems().get(0));
        assertThat(top).isEqualTo(new AuditItemViewModel("ui-238", "2030-05-01 08:03:58", "platform", "ops-1",
                "billing.plan.upgrade", "org-238", "SUCCESS", "req-238", "10.1.0.38"));
        // DENIED rows stand out (i = 230 among those shown)
        await(() -> lookup(".audit-flagged").tryQuery().isPresent(), "a flagged row drawn");
        assertThat(onFx(() -> ((AuditItemViewModel) lookup(".audit-flagged").queryAs(TableRow.class).getItem())
                .outcome())).isEqualTo("DENIED");

        clickOn("#auditExport");
        await(() -> text("#auditExportStatus").startsWith("Exported "), "the export");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(81);
        assertThat(lines.get(0)).isEqualTo("id,at,tenantId,actor,action,target,outcome,requestId,clientAddress");
        assertThat(lines.get(1)).isEqualTo("ui-238,2030-05-01T08:03:58Z,,ops-1,billing.plan.upgrade,org-238,SUCCESS,"
                + "req-238,10.1.0.38");
        assertThat(lines.subList(1, 81).stream().map(l -> l.substring(0, l.indexOf(','))).toList()).isEqualTo(want);
        assertThat(text("#auditExportStatus")).isEqualTo("Exported " + String.format("%,d", Files.size(file))
                + " bytes to " + file);
    }

    @Test
    void loadMoreFollowsTheServersCursor() throws Exception {
        fixture = new AuditServerFixture(dataDir);
        Instant t0 = Instant.parse("2030-05-01T08:00:00Z");
        List<AuditEntryView> entries = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            entries.add(new AuditEntryView(String.format("lm-%03d", i), t0.plusSeconds(i), null, "pager", "page.test",
                    null, "SUCCESS", null, null));
        }
        fixture.insert(entries);
        mount(exports.resolve("unused.csv"));
        TableView<?> table = lookup("#auditTable").queryAs(TableView.class);
        clickOn("#auditActor").write("pager");
        clickOn("#auditApply");
        await(() -> text("#auditSummary").equals("100 entries shown · more on the server"), "the first page");
        clickOn("#auditLoadMore");
        await(() -> text("#auditSummary").equals("150 entries"), "the second page");
        assertThat(onFx(() -> ((AuditItemViewModel) table.getItems().get(149)).id())).isEqualTo("lm-000");
    }

    private String text(String query) {
        Labeled labeled = lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private void await(Callable<Boolean> condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Waited in vain for " + what, e);
        }
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
