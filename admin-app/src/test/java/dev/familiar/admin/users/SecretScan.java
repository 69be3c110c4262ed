package dev.familiar.admin.users;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import javafx.beans.value.ObservableValue;

/**
 * Whether a view model still holds a secret anywhere: walks its fields, the values of its properties, its lists and
 * the fields of the screen's own records and row view models, and looks for the secret in every text found.
 */
final class SecretScan {
    private static final String PACKAGE = UsersViewModel.class.getPackageName() + ".";

    private SecretScan() {
    }

    static boolean holds(Object root, String secret) {
        return walk(root, secret, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private static boolean walk(Object value, String secret, Set<Object> seen, int depth) {
        if (value == null || depth > 10) {
            return false;
        }
        if (value instanceof CharSequence text) {
            return text.toString().contains(secret);
        }
        if (!seen.add(value)) {
            return false;
        }
        if (value instanceof ObservableValue<?> observable) {
            return walk(observable.getValue(), secret, seen, depth + 1);
        }
        if (value instanceof Collection<?> items) {
            return items.stream().anyMatch(item -> walk(item, secret, seen, depth + 1));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> walk(e.getKey(), secret, seen, depth + 1)
                    || walk(e.getValue(), secret, seen, depth + 1));
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith(PACKAGE) || type.isSynthetic() || type.getName().contains("$$Lambda")
                || type == FakeUsersApi.class) {
            return false; // the fake server and the dialogs' record are the test's, not the view model's
        }
        for (Class<?> c = type; c != null && c.getName().startsWith(PACKAGE); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                try {
                    if (walk(field.get(value), secret, seen, depth + 1)) {
                        return true;
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return false;
    }
}
