package dev.familiar.server.prompt.lab;

import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.model.prompt.contract.PromptTemplate;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.prompt.PromptVersions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prompt versions held in memory, until the prompt functions' store is wired: a {@link RouteModule} registering
 * nothing, so a test server takes it as its {@link PromptVersions}.
 */
final class InMemoryPromptVersions implements PromptVersions, RouteModule {
    private final Map<String, PromptVersionView> versions = new ConcurrentHashMap<>();

    PromptVersionView add(String function, int version, String template, List<PromptParameter> parameters,
                          PromptSettings settings) {
        PromptVersionView view = new PromptVersionView(function, version, template,
                PromptTemplate.parse(template).hash(), parameters, settings, null, List.of(), "author",
                Instant.parse("2026-01-02T03:04:05Z"));
        versions.put(function + "@" + version, view);
        return view;
    }

    @Override
    public Optional<PromptVersionView> find(String function, int version) {
        return Optional.ofNullable(versions.get(function + "@" + version));
    }

    @Override
    public void register(RouteTable routes) {
        // versions only
    }
}
