package dev.familiar.model.directory;

import java.util.List;

/** 200 of an add-members request: a result per entry and the counts ({@code failed} = not found, invalid or failed). */
public record AddMembersResult(List<MemberAddResult> results, int added, int alreadyMembers, int failed) {
}
