package dev.familiar.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.model.billing.BillingState;
import dev.familiar.model.billing.CancelPreview;
import dev.familiar.model.billing.DowngradeScheduled;
import dev.familiar.model.billing.InvoiceList;
import dev.familiar.model.billing.OrgRequest;
import dev.familiar.model.billing.PlanChangeRequest;
import dev.familiar.model.billing.PlanChanged;
import dev.familiar.model.billing.PlanPreview;
import dev.familiar.model.billing.PlanPreviewRequest;
import dev.familiar.model.billing.PortalSession;
import dev.familiar.model.billing.SetupIntentCreated;

/**
 * An organisation's subscription: the customer's routes ({@code /api/plans/…}, {@code /api/invoices},
 * {@code /api/payments/…}; a user or tenant admin of the organisation, or ADMIN for any) and the admin lifecycle
 * ({@code /api/admin/billing/{orgId}…}, ADMIN). Reach it through {@link FamiliarClient#billing()}.
 */
public final class BillingClient {
    private final ApiTransport transport;

    BillingClient(ApiTransport transport) {
        this.transport = transport;
    }

    /** What moving to {@code planCode} costs now (prorated); writes nothing. */
    public PlanPreview preview(String orgId, String planCode) {
        return preview(orgId, planCode, null);
    }

    /** {@code proration} null: the server's default (true). */
    public PlanPreview preview(String orgId, String planCode, Boolean proration) {
        return transport.post("api/plans/preview").body(new PlanPreviewRequest(orgId, planCode, proration))
                .envelope(PlanPreview.class);
    }

    public PlanChanged upgrade(String orgId, String newPlanCode) {
        return transport.post("api/plans/upgrade").body(new PlanChangeRequest(orgId, newPlanCode))
                .envelope(PlanChanged.class);
    }

    /** Schedules the move to a lower plan at period end (calling again rewrites it). */
    public DowngradeScheduled downgrade(String orgId, String newPlanCode) {
        return transport.post("api/plans/downgrade").body(new PlanChangeRequest(orgId, newPlanCode))
                .envelope(DowngradeScheduled.class);
    }

    /** Withdraws the scheduled downgrade; an {@code ApiError} NOT_FOUND when none is scheduled. */
    public boolean withdrawDowngrade(String orgId) {
        JsonNode answer = transport.delete("api/plans/downgrade").query("orgId", orgId).envelope(JsonNode.class);
        return answer != null && answer.path("withdrawn").asBoolean(false);
    }

    /** A page of the provider's invoices; {@code cursor} and {@code limit} may be null. */
    public InvoiceList invoices(String orgId, String cursor, Integer limit) {
        return transport.get("api/invoices").query("orgId", orgId).query("cursor", cursor).query("limit", limit)
                .envelope(InvoiceList.class);
    }

    /** A SetupIntent's client secret (never log it). */
    public SetupIntentCreated setup(String orgId) {
        return transport.post("api/payments/setup").body(new OrgRequest(orgId)).envelope(SetupIntentCreated.class);
    }

    public PortalSession portal(String orgId) {
        return transport.post("api/payments/portal").body(new OrgRequest(orgId)).envelope(PortalSession.class);
    }

    // ---- the admin lifecycle ---------------------------------------------------------------------------------

    public BillingState state(String orgId) {
        return transport.get(admin(orgId, "")).envelope(BillingState.class);
    }

    public BillingState pause(String orgId) {
        return transport.post(admin(orgId, "/pause")).envelope(BillingState.class);
    }

    public BillingState resume(String orgId) {
        return transport.post(admin(orgId, "/resume")).envelope(BillingState.class);
    }

    /** Cancels at the end of the period. */
    public BillingState discontinue(String orgId) {
        return transport.post(admin(orgId, "/discontinue")).envelope(BillingState.class);
    }

    public BillingState undoDiscontinue(String orgId) {
        return transport.delete(admin(orgId, "/discontinue")).envelope(BillingState.class);
    }

    /** Cancels now and refunds the unused part of the last paid period: what {@link #cancelPreview} said. */
    public BillingState cancel(String orgId) {
        return transport.post(admin(orgId, "/cancel")).envelope(BillingState.class);
    }

    /** The refund "cancel now" would make, without doing anything. */
    public CancelPreview cancelPreview(String orgId) {
        return transport.post(admin(orgId, "/cancel")).query("preview", true).envelope(CancelPreview.class);
    }

    /** Dry-run only: bills the next period of a subscription whose period has ended. */
    public BillingState renew(String orgId) {
        return transport.post(admin(orgId, "/renew")).envelope(BillingState.class);
    }

    private static String admin(String orgId, String action) {
        return "api/admin/billing/" + orgId + action;
    }
}
