package dev.familiar.admin.customers;

import java.time.Duration;

/**
 * How long a search waits for more keystrokes before it asks the server: the wait runs inside the search task, so a
 * newer keystroke cancels it (interrupting the wait) and only the last query is sent. Tests wait for nothing.
 */
@FunctionalInterface
public interface SearchDelay {
    SearchDelay REAL = duration -> Thread.sleep(duration.toMillis());
    SearchDelay NONE = duration -> { };

    void await(Duration duration) throws InterruptedException;
}
