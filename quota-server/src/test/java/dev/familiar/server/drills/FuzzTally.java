package dev.familiar.server.drills;

import dev.familiar.server.drills.FuzzRequest.Outcome;
import dev.familiar.server.drills.ResponseCheck.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of one drill run: requests and statuses per operation, mutations, and the distinct findings. Not thread-safe. */
final class FuzzTally {
    private final Map<String, Map<Integer, Integer>> statusesByOperation = new TreeMap<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final Map<String, Integer> mutations = new TreeMap<>();
    private final Map<String, Integer> credentials = new TreeMap<>();
    private final Map<String, Finding> distinct = new LinkedHashMap<>();
    private final Map<String, Integer> findingCounts = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private int requests;

    void record(FuzzRequest request, Outcome outcome, List<Finding> findings) {
        requests++;
        statusesByOperation.computeIfAbsent(request.source().name(), k -> new TreeMap<>())
                .merge(outcome.status(), 1, Integer::sum);
        statuses.merge(outcome.status(), 1, Integer::sum);
        String kind = request.mutation();
        int space = kind.indexOf(' ');
        mutations.merge(space < 0 ? kind : kind.substring(0, space), 1, Integer::sum);
        credentials.merge(request.credential().name(), 1, Integer::sum);
        for (Finding f : findings) {
            distinct.putIfAbsent(f.key(), f);
            findingCounts.merge(f.key(), 1, Integer::sum);
        }
    }

    int requests() {
        return requests;
    }

    int operations() {
        return statusesByOperation.size();
    }

    List<Finding> findings() {
        return new ArrayList<>(distinct.values());
    }

    int count(Finding f) {
        return findingCounts.getOrDefault(f.key(), 0);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    String summary(String seed) {
        StringBuilder s = new StringBuilder();
        s.append("OpenApiFuzzDrill: ").append(requests).append(" requests over ").append(operations())
                .append(" operations in ").append(elapsed().toSeconds()).append(" s, seed ").append(seed).append('\n');
        s.append("statuses: ").append(statuses).append('\n');
        s.append("callers: ").append(credentials).append('\n');
        s.append("mutations: ").append(mutations).append('\n');
        s.append("per operation (requests: statuses):\n");
        statusesByOperation.forEach((op, st) -> s.append(String.format("  %-50s %5d  %s%n", op,
                st.values().stream().mapToInt(Integer::intValue).sum(), st)));
        Map<String, List<String>> byRule = new TreeMap<>();
        distinct.values().forEach(f -> byRule.computeIfAbsent(f.rule() + " (" + f.status() + ")", k -> new ArrayList<>())
                .add(f.operation() + " " + count(f) + "x"));
        s.append("findings by rule and status:\n");
        byRule.forEach((rule, ops) -> s.append("  ").append(rule).append(": ").append(ops.size()).append(" operation(s): ")
                .append(ops).append('\n'));
        s.append("distinct findings: ").append(distinct.size()).append('\n');
        distinct.values().forEach(f -> s.append("- [").append(count(f)).append("x] ").append(f).append('\n'));
        return s.toString();
    }
}
