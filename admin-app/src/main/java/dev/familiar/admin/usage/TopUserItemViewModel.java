package dev.familiar.admin.usage;

/** A row of the top users table: rank, who, their organisation, allowed tokens, attempts and denied attempts. */
public record TopUserItemViewModel(int rank, String userId, String username, String organisation, String orgId,
                                   long allowedTokens, long events, long deniedEvents) {
}
