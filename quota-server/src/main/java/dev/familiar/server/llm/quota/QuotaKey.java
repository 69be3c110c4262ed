package dev.familiar.server.llm.quota;

/** Whose quota: a user's own, or an organisation's (department) shared by its users; per provider. */
public record QuotaKey(Owner owner, String ownerId, String provider) {
    public enum Owner { USER, ORG }

    public static QuotaKey user(String userId, String provider) {
        return new QuotaKey(Owner.USER, userId, provider);
    }

    public static QuotaKey org(String orgId, String provider) {
        return new QuotaKey(Owner.ORG, orgId, provider);
    }
}
