package dev.familiar.model.prompt;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The model settings of a version (or an iteration's override of them); every field may be null (the provider's
 * configured default, or the version's value under an override).
 *
 * @param provider       a configured provider name ({@code openai}, {@code qwen}, {@code gemini}, or a local one)
 * @param model          the provider's model name
 * @param temperature    0 to 2
 * @param maxTokens      the completion cap, 1 to 100,000
 * @param system         the system message
 * @param responseFormat {@code text} or {@code json_object}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PromptSettings(String provider, String model, Double temperature, Integer maxTokens, String system,
                             String responseFormat) {
    public static final PromptSettings NONE = new PromptSettings(null, null, null, null, null, null);

    /** These settings with every non-null field of {@code override} put over them. */
    public PromptSettings overriddenBy(PromptSettings override) {
        if (override == null) {
            return this;
        }
        return new PromptSettings(
                override.provider != null ? override.provider : provider,
                override.model != null ? override.model : model,
                override.temperature != null ? override.temperature : temperature,
                override.maxTokens != null ? override.maxTokens : maxTokens,
                override.system != null ? override.system : system,
                override.responseFormat != null ? override.responseFormat : responseFormat);
    }
}
