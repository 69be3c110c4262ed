package dev.familiar.server.directory.admin;

/**
 * The form of a directory id in a path or an add-members entry: Entra's object ids are GUIDs, the local directory's
 * are our UUIDs and {@code grp_…}; anything else is refused before the directory is asked (a 400, never a 500).
 */
final class DirectoryIds {
    static final int MAX_LENGTH = 64;

    private DirectoryIds() {
    }

    /** 1-64 ASCII letters, digits, {@code -} and {@code _}. */
    static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
