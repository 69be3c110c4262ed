package dev.familiar.server.observability;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that is about to be logged: authorization headers, bearer and basic
 * credentials, values of secret-looking keys ({@code password=}, {@code "token":}, {@code api_key=}…),
 * JWTs, provider keys (Stripe {@code sk_…}, {@code whsec_…}, client secrets of intents), our own API
 * keys and activation codes, and card numbers (digit runs that pass the Luhn check). Stateless and
 * thread-safe. It is the last line of defence: code should not log secrets in the first place.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    private static final String SECRET_KEYS = "authorization|proxy-authorization|password|passwd|pwd|secret|"
            + "client[_-]?secret|token|access[_-]?token|refresh[_-]?token|id[_-]?token|api[_-]?key|apikey|"
            + "x-api-key|activation[_-]?code|activationcode|clientsecret|refreshtoken|accesstoken|"
            + "card[_-]?number|cardnumber|pan|cvc|cvv|iban|private[_-]?key|signature|stripe-signature|cookie|set-cookie";

    /** {@code key=value}, {@code key: value}, {@code "key":"value"} for secret keys (value up to a delimiter). */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)([\"']?\\b(?:" + SECRET_KEYS + ")\\b[\"']?\\s*[:=]\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s,;&}\\]]+)");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(Bearer|Basic|Digest|Token)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
    private static final Pattern PROVIDER_KEYS = Pattern.compile(
            "\\b(?:(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{6,}|whsec_[A-Za-z0-9]{6,}|"
                    + "(?:seti|pi|cs)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+|fam(?:k|a|r)_[A-Za-z0-9_-]{8,})");
    private static final Pattern CARD_CANDIDATE = Pattern.compile("(?<![0-9])(?:[0-9][ -]?){12,18}[0-9](?![0-9])");

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = AUTH_SCHEME.matcher(text).replaceAll("$1 " + MASK);
        out = JWT.matcher(out).replaceAll(MASK);
        out = PROVIDER_KEYS.matcher(out).replaceAll(MASK);
        out = KEY_VALUE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + maskLike(m.group(2))));
        return redactCards(out);
    }

    /** A query string with the values of secret-looking parameters replaced. */
    public static String redactQuery(String query) {
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (eq >= 0 && isSecretKey(key)) {
                out.append(key).append('=').append(MASK);
            } else {
                out.append(redact(pair));
            }
        }
        return out.toString();
    }

    /** Whether a field, header or parameter with this name holds a secret. */
    public static boolean isSecretKey(String key) {
        return key != null && Pattern.compile("(?i)^(?:" + SECRET_KEYS + ")$").matcher(key.trim().toLowerCase(Locale.ROOT))
                .matches();
    }

    private static String maskLike(String value) {
        if (value.startsWith("\"")) {
            return "\"" + MASK + "\"";
        }
        if (value.startsWith("'")) {
            return "'" + MASK + "'";
        }
        return MASK;
    }

    private static String redactCards(String text) {
        Matcher m = CARD_CANDIDATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            m.appendReplacement(out, Matcher.quoteReplacement(
                    digits.length() >= 13 && digits.length() <= 19 && luhn(digits) ? "[REDACTED_PAN]" : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
