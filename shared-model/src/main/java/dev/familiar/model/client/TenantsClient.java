package dev.familiar.model.client;

import dev.familiar.model.metering.CreateTenantRequest;
import dev.familiar.model.metering.TenantCreated;
import java.util.Objects;

/** Organisations created by an administrator, without a payment provider ({@code /api/admin/tenants}, ADMIN). */
public final class TenantsClient {
    private final ApiTransport transport;

    public TenantsClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * {@code POST /api/admin/tenants}: an organisation on {@code planCode}, trialing for {@code trialDays} when that
     * is above 0 (null: the plan's default).
     */
    public TenantCreated create(String name, String planCode, Integer trialDays) {
        return transport.post("api/admin/tenants").body(new CreateTenantRequest(name, planCode, trialDays))
                .envelope(TenantCreated.class);
    }
}
