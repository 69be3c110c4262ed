package dev.familiar.admin.customers;

import java.time.Instant;
import java.util.List;

/**
 * What the Customers screen asks of a server: a page of organisations, one organisation's detail, the plans it may
 * move to, and the subscription lifecycle with the previews shown before each action. Records of the screen's own
 * (mapped from the wire DTOs by {@link ClientCustomersApi}), so view models and their fakes never see JSON shapes.
 * Calls block; view models make them in background tasks. Failures are thrown as they come (an
 * {@link dev.familiar.model.api.ApiError} carries the server's request id).
 */
public interface CustomersApi {

    /** A page of organisations in {@code sort} order, after {@code cursor} (null: the first page). */
    Page list(String search, CustomerSort sort, String cursor, int limit);

    /** One organisation with its plan, usage, billing, users and recent invoices. */
    Detail detail(String orgId);

    /** The catalog's plans (archived ones flagged), for the plan-change choices. */
    List<PlanOption> plans();

    /** What moving to {@code planCode} costs: prorated now ({@code prorate}), or the next invoice at the new price. */
    PlanChangePreview previewPlanChange(String orgId, String planCode, boolean prorate);

    void upgrade(String orgId, String planCode);

    /** Schedules the move to a lower plan at the period's end; answers when it takes effect. */
    Instant scheduleDowngrade(String orgId, String planCode);

    void withdrawDowngrade(String orgId);

    void pause(String orgId);

    void resume(String orgId);

    void discontinue(String orgId);

    void undoDiscontinue(String orgId);

    /** What cancelling now would refund, without doing it. */
    RefundPreview cancelPreview(String orgId);

    void cancelNow(String orgId);

    /** Dry-run billing only: bills the next period of a subscription whose period has ended. */
    void renew(String orgId);

    /** A page of the list; {@code nextCursor} is null on the last page. */
    record Page(List<Row> rows, String nextCursor) {
        public Page {
            rows = List.copyOf(rows);
        }
    }

    /** One organisation of the list. */
    record Row(String orgId, String name, String planCode, String status, Instant trialEndsAt, Instant periodEnd,
               long used, long included, String ownerEmail, Instant createdAt) {
    }

    /**
     * One organisation in full. {@code billing} is null (with {@code billingProblem} saying why) for an organisation
     * without a billing account; {@code invoices} is empty with {@code invoicesProblem} when they could not be read.
     */
    record Detail(String orgId, String name, Instant createdAt, String ownerEmail, String planCode, String status,
                  Instant trialEndsAt, Instant periodStart, Instant periodEnd, String metric, long used, long included,
                  String scheduledPlanCode, Instant scheduledAt, Billing billing, String billingProblem,
                  List<User> users, long userCount, List<Invoice> invoices, String invoicesProblem) {
        public Detail {
            users = List.copyOf(users);
            invoices = List.copyOf(invoices);
        }
    }

    /** The subscription at the payment provider, as last applied. */
    record Billing(String mode, String subscriptionStatus, boolean paused, boolean cancelAtPeriodEnd,
                   Instant currentPeriodEnd, List<Refund> refunds) {
        public Billing {
            refunds = List.copyOf(refunds);
        }

        public boolean dryRun() {
            return "dry-run".equals(mode);
        }
    }

    record Refund(String invoiceId, long amount, String currency, String formula, Instant createdAt) {
    }

    /** An invoice; {@code url} is its hosted page (may be null). */
    record Invoice(String id, long amount, String currency, String status, String url, Instant created) {
    }

    record User(String username, String email, List<String> roles) {
        public User {
            roles = List.copyOf(roles);
        }
    }

    record PlanOption(String code, String name, int tier, long amount, String currency, String interval,
                      boolean archived) {
    }

    /** The amount due now (negative: a credit) and its lines, each "description: amount". */
    record PlanChangePreview(long amount, String currency, List<String> lines) {
        public PlanChangePreview {
            lines = List.copyOf(lines);
        }
    }

    /** The refund of "cancel now": {@code amount} of {@code invoiceId} by {@code formula}. */
    record RefundPreview(long amount, String currency, String formula, String invoiceId, boolean alreadyRefunded) {
    }
}
