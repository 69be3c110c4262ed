package dev.familiar.admin.concurrent;

/** Background work that may report progress and notice cancellation. */
@FunctionalInterface
public interface Work<T> {
    T run(Progress progress) throws Exception;
}
