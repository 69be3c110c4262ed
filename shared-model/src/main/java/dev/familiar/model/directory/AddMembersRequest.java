package dev.familiar.model.directory;

import java.util.List;

/**
 * {@code POST /api/admin/directory/groups/{id}/members}: people to add, by directory user id and/or by e-mail
 * address (either list may be null or empty, not both; at most 1,000 entries in all). The answer has one result per
 * entry, ids first then e-mails, each in the order given.
 */
public record AddMembersRequest(List<String> userIds, List<String> emails) {
}
