package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/** The buyers and purchases of the purchase-saga tests that run against a local Stripe stand-in. */
final class PurchaseBuyers {
    private PurchaseBuyers() {
    }

    /** A user of a new organisation on {@code pro} whose billing account names the Stripe customer {@code customerId}. */
    static Account buyer(FamiliarServer server, Identity identity, String name, String customerId) throws Exception {
        String org = HttpCalls.post(server.baseUrl() + "/api/admin/tenants", "{\"name\":\"" + name + "\",\"planCode\":\"pro\"}",
                identity.admin().bearer()).json().at("/data/orgId").asText();
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO billing_account (tenant_id, email, customer_id, "
                     + "cancel_at_period_end, paused, created_at, updated_at) VALUES (?, ?, ?, FALSE, FALSE, ?, ?)")) {
            ps.setString(1, org);
            ps.setString(2, name + "@example.com");
            ps.setString(3, customerId);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
        return identity.userInTenant(name + "-user", org);
    }

    /** Starts a purchase of {@code tokens} openai tokens (202) and answers its saga id. */
    static String purchase(FamiliarServer server, Account who, long tokens) {
        Answer a = HttpCalls.post(server.baseUrl() + "/api/v1/tokens/purchase", "{\"userId\":\"" + who.userId()
                + "\",\"provider\":\"openai\",\"tokens\":" + tokens + "}", Map.of("Authorization",
                who.bearer().get("Authorization"), "Idempotency-Key", "buy-" + who.username()));
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        return a.json().path("sagaId").asText();
    }
}
