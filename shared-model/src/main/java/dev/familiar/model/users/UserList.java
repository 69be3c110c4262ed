package dev.familiar.model.users;

import java.util.List;

/** One page of users, ordered by username; pass {@code nextCursor} as {@code cursor} for the next (null on the last). */
public record UserList(List<UserView> items, String nextCursor) {
}
