package dev.familiar.server.billing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for background work (the webhook worker) to reach a state; fails with a message if it never does. */
final class Eventually {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Eventually() {
    }

    /** Where the background workers are, for a failure message (a worker that stalls shows its stack here). */
    static String workerThreads() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("billing-events") || thread.getName().startsWith("token-")) {
                out.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                    out.append("    at ").append(stack[i]).append('\n');
                }
            }
        });
        return out.length() == 0 ? "(no worker threads alive)" : out.toString();
    }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what + "\n" + workerThreads());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
