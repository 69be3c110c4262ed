package dev.familiar.server.directory.local;

import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryException.Kind;
import dev.familiar.server.directory.DirectoryHealth;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Page;
import dev.familiar.server.directory.Person;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local directory: groups and memberships in our database over our own accounts, a visible dry-run of
 * Microsoft Entra and the default without Entra settings. A person is an account that is not deleted and not an
 * external user of a service key; its id is the account id, its display name the username, its e-mail the account's.
 * Behaves as the Graph adapter does: groups by display name with opaque keyset cursors, search on the start of the
 * display name's words, member counts, ALREADY_MEMBER as success. Thread-safe.
 */
public final class LocalDirectory implements Directory {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDirectory.class);
    /** Entra's limits on a group's display name and description. */
    static final int MAX_NAME = 256;
    static final int MAX_DESCRIPTION = 1024;
    private static final Pattern GROUP_ID = Pattern.compile("grp_[0-9a-f]{32}");
    /** What separates words of a display name for search: anything but a letter or a digit. */
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final String GROUPS_CURSOR = "g";
    private static final String MEMBERS_CURSOR = "m";

    private final LocalDirectoryStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public LocalDirectory(DataSource dataSource, Clock clock) {
        this.store = new LocalDirectoryStore(dataSource);
        this.clock = clock;
    }

    @Override
    public DirectoryMode mode() {
        return DirectoryMode.LOCAL;
    }

    @Override
    public Page<Group> groups(String search, String cursor, int limit) throws DirectoryException {
        checkLimit(limit);
        Optional<String[]> after = cursor == null ? Optional.empty() : Optional.of(decode(cursor, GROUPS_CURSOR, 3));
        Optional<String> wordsLike = Optional.empty();
        if (search != null && !search.isBlank()) {
            String term = words(search);
            if (term.isEmpty()) {
                return new Page<>(List.of(), Optional.empty()); // no letter or digit: no word can start with it
            }
            wordsLike = Optional.of("% " + term + "%"); // letters, digits and spaces only: nothing to escape
        }
        try {
            // one more than asked tells whether there is a next page without a second query
            List<LocalDirectoryStore.GroupRow> rows = store.groups(wordsLike, after.map(a -> a[2]),
                    after.map(a -> a[1]), limit + 1);
            List<Group> items = new ArrayList<>();
            for (LocalDirectoryStore.GroupRow row : rows.subList(0, Math.min(limit, rows.size()))) {
                items.add(group(row));
            }
            Optional<String> next = Optional.empty();
            if (rows.size() > limit) {
                LocalDirectoryStore.GroupRow last = rows.get(limit - 1);
                next = Optional.of(encode(GROUPS_CURSOR, last.id(), last.sortKey()));
            }
            return new Page<>(items, next);
        } catch (SQLException e) {
            throw unavailable("list the groups", e);
        }
    }

    @Override
    public Group group(String groupId) throws DirectoryException {
        try {
            return group(store.group(groupId).orElseThrow(() -> noGroup(groupId)));
        } catch (SQLException e) {
            throw unavailable("read a group", e);
        }
    }

    @Override
    public Group create(String displayName, Optional<String> description) throws DirectoryException {
        LocalDirectoryStore.Name name = name(displayName);
        Optional<String> text = description(description.orElse("")).filter(d -> !d.isEmpty());
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = "grp_" + HexFormat.of().formatHex(bytes);
        try {
            store.insertGroup(id, name, text, clock.instant());
            return new Group(id, name.display(), text, Optional.of(0));
        } catch (SQLException e) {
            throw unavailable("create a group", e);
        }
    }

    @Override
    public Group update(String groupId, Optional<String> displayName, Optional<String> description)
            throws DirectoryException {
        Optional<LocalDirectoryStore.Name> name = displayName.isPresent() ? Optional.of(name(displayName.get()))
                : Optional.empty();
        Optional<String> text = description.isPresent() ? description(description.get()) : Optional.empty();
        try {
            if (!store.updateGroup(groupId, name, text, clock.instant())) {
                throw noGroup(groupId);
            }
        } catch (SQLException e) {
            throw unavailable("change a group", e);
        }
        return group(groupId);
    }

    @Override
    public void delete(String groupId) throws DirectoryException {
        try {
            if (!store.deleteGroup(groupId)) {
                throw noGroup(groupId);
            }
        } catch (SQLException e) {
            throw unavailable("delete a group", e);
        }
    }

    @Override
    public Page<Person> members(String groupId, String cursor, int limit) throws DirectoryException {
        checkLimit(limit);
        Optional<String> afterUsername = Optional.empty();
        if (cursor != null) {
            String[] parts = decode(cursor, MEMBERS_CURSOR, 3);
            if (!parts[1].equals(groupId)) {
                throw new DirectoryException(Kind.INVALID, "the cursor belongs to another group's member list");
            }
            afterUsername = Optional.of(parts[2]);
        }
        try {
            if (!store.groupExists(groupId)) {
                throw noGroup(groupId);
            }
            List<Person> rows = store.members(groupId, afterUsername, limit + 1);
            List<Person> items = rows.subList(0, Math.min(limit, rows.size()));
            Optional<String> next = rows.size() > limit
                    ? Optional.of(encode(MEMBERS_CURSOR, groupId, items.get(limit - 1).displayName()))
                    : Optional.empty();
            return new Page<>(items, next);
        } catch (SQLException e) {
            throw unavailable("list a group's members", e);
        }
    }

    @Override
    public List<Person> searchUsers(String search, int limit) throws DirectoryException {
        checkLimit(limit);
        if (search == null || search.isBlank()) {
            throw new DirectoryException(Kind.INVALID, "a user search needs at least one character");
        }
        try {
            return store.searchPeople(likePrefix(search.strip().toLowerCase(Locale.ROOT)), limit);
        } catch (SQLException e) {
            throw unavailable("search the users", e);
        }
    }

    @Override
    public Optional<Person> userByEmail(String email) throws DirectoryException {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        try {
            return store.personByEmail(email.strip().toLowerCase(Locale.ROOT));
        } catch (SQLException e) {
            throw unavailable("find a user", e);
        }
    }

    @Override
    public Optional<Person> userById(String userId) throws DirectoryException {
        try {
            return store.personById(userId);
        } catch (SQLException e) {
            throw unavailable("find a user", e);
        }
    }

    @Override
    public List<AddOutcome> addMembers(String groupId, List<String> userIds) throws DirectoryException {
        Objects.requireNonNull(userIds, "userIds");
        try {
            if (!store.groupExists(groupId)) {
                throw noGroup(groupId);
            }
            List<AddOutcome> outcomes = new ArrayList<>();
            for (String userId : userIds) {
                if (store.personById(userId).isEmpty()) {
                    outcomes.add(new AddOutcome(userId, AddOutcome.Kind.NOT_FOUND, "no such user"));
                    continue;
                }
                switch (store.addMember(groupId, userId, clock.instant())) {
                    case ADDED -> outcomes.add(new AddOutcome(userId, AddOutcome.Kind.ADDED, "added"));
                    case ALREADY_MEMBER -> outcomes.add(new AddOutcome(userId, AddOutcome.Kind.ALREADY_MEMBER,
                            "already a member"));
                    case NO_GROUP -> throw noGroup(groupId); // deleted while we were adding
                }
            }
            return outcomes;
        } catch (SQLException e) {
            throw unavailable("add members", e);
        }
    }

    @Override
    public void removeMember(String groupId, String userId) throws DirectoryException {
        try {
            if (!store.removeMember(groupId, userId)) {
                if (!store.groupExists(groupId)) {
                    throw noGroup(groupId);
                }
                throw new DirectoryException(Kind.NOT_FOUND, "that user is not a member of the group");
            }
        } catch (SQLException e) {
            throw unavailable("remove a member", e);
        }
    }

    /** Direct memberships: the local directory does not nest groups. */
    @Override
    public Set<String> groupIdsOf(String userId) throws DirectoryException {
        try {
            return Set.copyOf(store.groupIdsOf(userId));
        } catch (SQLException e) {
            throw unavailable("read a user's groups", e);
        }
    }

    @Override
    public DirectoryHealth probe() {
        try {
            store.probe();
            return DirectoryHealth.up();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Directory (local): probe failed: {}", e.toString());
            return new DirectoryHealth(false, "the database did not answer");
        }
    }

    /** Whether {@code id} has the shape of a local group id ({@code grp_} and 32 hex digits). */
    public static boolean isGroupId(String id) {
        return id != null && GROUP_ID.matcher(id).matches();
    }

    /**
     * A display name's words for search: lower-cased, each preceded by one space, anything but letters and digits
     * separating them ({@code "Prompt-Engineers (EU)"} → {@code " prompt engineers eu"}).
     */
    static String nameWords(String displayName) {
        return " " + words(displayName);
    }

    private static String words(String text) {
        return NOT_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    private static LocalDirectoryStore.Name name(String displayName) throws DirectoryException {
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty()) {
            throw new DirectoryException(Kind.INVALID, "a group needs a display name");
        }
        if (name.length() > MAX_NAME) {
            throw new DirectoryException(Kind.INVALID, "a group's display name has at most " + MAX_NAME + " characters");
        }
        if (CONTROL.matcher(name).find()) {
            throw new DirectoryException(Kind.INVALID, "a group's display name may not contain control characters");
        }
        return new LocalDirectoryStore.Name(name, name.toLowerCase(Locale.ROOT), nameWords(name));
    }

    /** The description to store: present (empty clears it), checked. */
    private static Optional<String> description(String description) throws DirectoryException {
        String text = description.strip();
        if (text.length() > MAX_DESCRIPTION) {
            throw new DirectoryException(Kind.INVALID,
                    "a group's description has at most " + MAX_DESCRIPTION + " characters");
        }
        return Optional.of(text);
    }

    private static void checkLimit(int limit) throws DirectoryException {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new DirectoryException(Kind.INVALID, "limit must be between 1 and " + MAX_PAGE);
        }
    }

    private static Group group(LocalDirectoryStore.GroupRow row) {
        return new Group(row.id(), row.displayName(), row.description(), Optional.of(row.memberCount()));
    }

    /** An opaque cursor: {@code kind:id:key} in base64url; the id never holds a colon, the key (last) may. */
    private static String encode(String kind, String id, String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + id + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor, String kind, int parts) throws DirectoryException {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
        String[] split = text.split(":", parts);
        if (split.length != parts || !split[0].equals(kind) || split[1].isEmpty()) {
            throw badCursor();
        }
        if (kind.equals(GROUPS_CURSOR) && !isGroupId(split[1])) {
            throw badCursor();
        }
        return split;
    }

    private static DirectoryException badCursor() {
        return new DirectoryException(Kind.INVALID, "the cursor is not one this listing handed out");
    }

    private static DirectoryException noGroup(String groupId) {
        return new DirectoryException(Kind.NOT_FOUND, "no group " + groupId);
    }

    private static DirectoryException unavailable(String what, SQLException e) {
        LOG.warn("Directory (local): could not {}: {}", what, e.toString());
        return new DirectoryException(Kind.UNAVAILABLE, "the local directory could not " + what
                + ": the database did not answer", Optional.empty(), e);
    }

    /** {@code text} as a LIKE prefix pattern with {@code !} escaping the pattern's own characters. */
    private static String likePrefix(String text) {
        StringBuilder out = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '!' || ch == '%' || ch == '_') {
                out.append('!');
            }
            out.append(ch);
        }
        return out.append('%').toString();
    }
}
