package dev.familiar.model.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.familiar.model.billing.CatalogPlan;
import java.util.List;

/** The plan catalog ({@code /api/admin/catalog/plans}, ADMIN). Reach it through {@link FamiliarClient#catalog()}. */
public final class CatalogClient {
    /** Which plans {@link #list(Archived)} answers. */
    public enum Archived { TRUE, FALSE, ALL }

    private static final TypeReference<List<CatalogPlan>> PLANS = new TypeReference<>() { };
    private final ApiTransport transport;

    CatalogClient(ApiTransport transport) {
        this.transport = transport;
    }

    /** Every plan, archived ones included (the server's default). */
    public List<CatalogPlan> list() {
        return transport.get("api/admin/catalog/plans").envelope(PLANS);
    }

    public List<CatalogPlan> list(Archived archived) {
        return transport.get("api/admin/catalog/plans").query("archived", archived.name().toLowerCase(java.util.Locale.ROOT))
                .envelope(PLANS);
    }

    /** Creates or replaces the plan {@code code} (the body's code may be null). */
    public CatalogPlan put(String code, CatalogPlan plan) {
        return transport.put("api/admin/catalog/plans/" + code).body(plan).envelope(CatalogPlan.class);
    }

    /** Stops new customers from taking the plan; those on it keep it. Idempotent. */
    public CatalogPlan archive(String code) {
        return transport.post("api/admin/catalog/plans/" + code + "/archive").envelope(CatalogPlan.class);
    }

    /** Opens an archived plan to new customers again. Idempotent. */
    public CatalogPlan unarchive(String code) {
        return transport.delete("api/admin/catalog/plans/" + code + "/archive").envelope(CatalogPlan.class);
    }
}
