package dev.familiar.model.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** 402 {@code {message:"insufficient token quota", timestamp}}, plus {@code upgradeUrl} for the FREE tier. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InsufficientQuota(String message, Instant timestamp, String upgradeUrl) {
}
