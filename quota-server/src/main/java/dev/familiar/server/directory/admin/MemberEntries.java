package dev.familiar.server.directory.admin;

import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.users.AuthRoutes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The entries of one add-members request on their way to a result each: ids first, then e-mail addresses, each in
 * the order given. Checks the form of every entry and refuses repeats (an id or address named twice, or an address
 * of someone already named by id or by another address); collects what the e-mail look-ups and the directory's add
 * answered. The messages are written for the person who pasted the list. One request's; not thread-safe.
 */
final class MemberEntries {
    /** What became of an entry; the wire's {@code MemberAddStatus}. */
    enum Status { ADDED, ALREADY_MEMBER, NOT_FOUND, INVALID, FAILED }

    /** One entry: its place, the text as sent and whether it is an e-mail address. */
    record Entry(int index, String input, boolean email) {
        /** The entry without the spaces around it (pasted lists carry some). */
        String value() {
            return input == null ? "" : input.strip();
        }
    }

    /** The result of one entry: {@code userId} null when it did not resolve to anyone. */
    record Result(String input, String userId, Status status, String message) {
    }

    static final int MAX_EMAIL = 320;
    private static final int ECHO = 80;

    private final List<Entry> entries = new ArrayList<>();
    private final Result[] results;
    private final String[] userIds;
    /** The entry that first named each person (by id key) or each address ({@code @} + lower-case address). */
    private final Map<String, Entry> named = new HashMap<>();

    private MemberEntries(List<String> ids, List<String> emails) {
        for (String id : ids) {
            entries.add(new Entry(entries.size(), id, false));
        }
        for (String email : emails) {
            entries.add(new Entry(entries.size(), email, true));
        }
        results = new Result[entries.size()];
        userIds = new String[entries.size()];
        for (Entry entry : entries) {
            check(entry);
        }
    }

    /** The entries of a request; either list may be null. */
    static MemberEntries of(List<String> userIds, List<String> emails) {
        return new MemberEntries(userIds == null ? List.of() : userIds, emails == null ? List.of() : emails);
    }

    int size() {
        return entries.size();
    }

    /** How ids compare: directory ids are GUIDs or our UUIDs, the same in either case. */
    static String key(String userId) {
        return userId.toLowerCase(Locale.ROOT);
    }

    private void check(Entry entry) {
        String value = entry.value();
        if (value.isEmpty()) {
            invalid(entry, entry.email() ? "An empty line: write an e-mail address such as name@example.com"
                    : "An empty line: write a directory user id");
        } else if (!entry.email()) {
            if (!DirectoryIds.isValid(value)) {
                invalid(entry, "Not a directory user id (1-" + DirectoryIds.MAX_LENGTH
                        + " letters, digits, '-' or '_'); to add someone by e-mail, send it as an e-mail address");
            } else if (firstNaming(entry, key(value))) {
                userIds[entry.index()] = value;
            }
        } else if (value.length() > MAX_EMAIL || !AuthRoutes.EMAIL.matcher(value).matches()) {
            invalid(entry, "Not an e-mail address (expected something like name@example.com)");
        } else {
            firstNaming(entry, "@" + value.toLowerCase(Locale.ROOT));
        }
    }

    /** Records that {@code entry} names {@code key}; a repeat is INVALID. */
    private boolean firstNaming(Entry entry, String key) {
        Entry earlier = named.putIfAbsent(key, entry);
        if (earlier == null) {
            return true;
        }
        boolean samePerson = !key.startsWith("@") && (earlier.email() || entry.email());
        invalid(entry, (samePerson ? "The same person as the earlier entry " : "Repeats the earlier entry ")
                + quote(earlier.input()) + "; each person is added once");
        return false;
    }

    /** The well-formed e-mail entries, not repeats, still to look up in the directory (in order). */
    List<Entry> emailsToResolve() {
        return entries.stream().filter(e -> e.email() && results[e.index()] == null).toList();
    }

    /** An e-mail entry's person; the same person as an earlier entry is a repeat. */
    void resolved(Entry entry, String userId) {
        if (firstNaming(entry, key(userId))) {
            userIds[entry.index()] = userId;
        } else {
            userIds[entry.index()] = null;
        }
    }

    void notFound(Entry entry, String message) {
        results[entry.index()] = new Result(entry.input(), null, Status.NOT_FOUND, message);
    }

    void invalid(Entry entry, String message) {
        results[entry.index()] = new Result(entry.input(), null, Status.INVALID, message);
    }

    /** The people to add: every resolved entry without a result yet, in entry order, no repeats. */
    List<String> idsToAdd() {
        Set<String> ids = new LinkedHashSet<>();
        for (Entry entry : entries) {
            if (results[entry.index()] == null && userIds[entry.index()] != null) {
                ids.add(userIds[entry.index()]);
            }
        }
        return List.copyOf(ids);
    }

    /** What the directory answered for each id it was asked to add (by {@link #key(String)}). */
    void applied(Map<String, AddOutcome> outcomes) {
        for (Entry entry : entries) {
            String userId = userIds[entry.index()];
            if (results[entry.index()] != null || userId == null) {
                continue;
            }
            AddOutcome outcome = outcomes.get(key(userId));
            results[entry.index()] = outcome == null
                    ? new Result(entry.input(), userId, Status.FAILED, "The directory gave no answer for this person; "
                            + "try again")
                    : result(entry, userId, outcome);
        }
    }

    private static Result result(Entry entry, String userId, AddOutcome outcome) {
        return switch (outcome.kind()) {
            case ADDED -> new Result(entry.input(), userId, Status.ADDED, "Added to the group");
            case ALREADY_MEMBER -> new Result(entry.input(), userId, Status.ALREADY_MEMBER,
                    "Already a member of the group; nothing changed");
            case NOT_FOUND -> new Result(entry.input(), null, Status.NOT_FOUND, entry.email()
                    ? "No one in the directory has this e-mail address any more"
                    : "No one in the directory has this user id");
            case FAILED -> new Result(entry.input(), userId, Status.FAILED, outcome.message().isBlank()
                    ? "The directory did not add this person; try again" : outcome.message());
        };
    }

    /** One result per entry, in entry order; every entry has one once the request has been through the directory. */
    List<Result> results() {
        List<Result> out = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            Result result = results[entry.index()];
            out.add(Optional.ofNullable(result).orElseGet(() -> new Result(entry.input(), userIds[entry.index()],
                    Status.FAILED, "Not handled; try again")));
        }
        return out;
    }

    private static String quote(String input) {
        String text = input == null ? "" : input.strip();
        return "\"" + (text.length() > ECHO ? text.substring(0, ECHO) + "…" : text) + "\"";
    }
}
