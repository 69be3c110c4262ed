package dev.familiar.server.observability;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that is about to be logged: authorization headers, bearer and basic
 * credentials, values of secret-looking keys ({@code password=}, {@code "token":}, {@code api_key=}…),
 * JWTs, provider keys (Stripe {@code sk_…}, {@code whsec_…}, client secrets of intents), our own API
 * keys and activation codes, and card numbers (13-19 digits, run together or grouped, standing alone and passing
 * the Luhn check; a digit run inside a UUID or an id is not one). A value that is already masked stays one mask.
 * Stateless and thread-safe. It is the last line of defence: code should not log secrets in the first place.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    private static final String SECRET_KEYS = "authorization|proxy-authorization|password|passwd|pwd|secret|"
            + "client[_-]?secret|token|access[_-]?token|refresh[_-]?token|id[_-]?token|api[_-]?key|apikey|"
            + "x-api-key|activation[_-]?code|activationcode|clientsecret|refreshtoken|accesstoken|"
            + "card[_-]?number|cardnumber|pan|cvc|cvv|iban|private[_-]?key|signature|stripe-signature|cookie|set-cookie";

    /** {@code key=value}, {@code key: value}, {@code "key":"value"} for secret keys (value up to a delimiter). */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)([\"']?\\b(?:" + SECRET_KEYS + ")\\b[\"']?\\s*[:=]\\s*)"
                    + "(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\[(?:[^\\[\\]\\n]|\\[[^\\[\\]\\n]*\\])*\\]|[^\\s,;&}\\]]+)");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i)^(?:" + SECRET_KEYS + ")$");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(Bearer|Basic|Digest|Token)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
    private static final Pattern PROVIDER_KEYS = Pattern.compile(
            "\\b(?:(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{6,}|whsec_[A-Za-z0-9]{6,}|"
                    + "(?:seti|pi|cs)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+|fam(?:k|a|r|i|p)_[A-Za-z0-9_-]{8,})");
    /**
     * Digit groups split by single spaces or dashes, standing alone: neither end touches a letter, digit or
     * underscore, nor a dash or dot that continues a longer token, so digits inside UUIDs, {@code evt_…} ids and
     * request ids are never candidates. {@link #redactCards} looks for card numbers among the groups.
     */
    private static final Pattern CARD_CANDIDATE = Pattern.compile(
            "(?<![A-Za-z0-9_])(?<![A-Za-z0-9_][-.])[0-9]+(?:[ -][0-9]+)*(?![A-Za-z0-9_])(?![-.][A-Za-z0-9_])");
    /** The words {@link #AUTH_SCHEME} starts with. */
    private static final String[] SCHEMES = {"bearer", "basic", "digest", "token"};
    private static final String PAN_MASK = "[REDACTED_PAN]";

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty() || !mayHoldSecret(text)) {
            return text;
        }
        return redactFully(text);
    }

    /** {@link #redact(String)} without the {@link #mayHoldSecret(String)} shortcut. */
    static String redactFully(String text) {
        // Cards first: a grouped number is then one masked token that the key-value rule below masks whole.
        String out = redactCards(text);
        out = AUTH_SCHEME.matcher(out).replaceAll("$1 " + MASK);
        out = JWT.matcher(out).replaceAll(MASK);
        out = PROVIDER_KEYS.matcher(out).replaceAll(MASK);
        // A value that is already a mask (or any bracketed value) is taken whole, so no bracket is left over.
        return KEY_VALUE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + maskLike(m.group(2))));
    }

    /**
     * False only when none of the patterns below can match: fewer than 13 digits (no card number), no {@code _} (no
     * provider key), no {@code :} or {@code =} (no key-value pair), no {@code eyJ} (no JWT), and no whitespace after a
     * scheme word (no {@code Bearer …}). Every access-log line passed five regular expressions per field before; most
     * lines (a method, a path, "GET /api/diag/smoke -> 200") hold none of these and are now returned as they are.
     */
    static boolean mayHoldSecret(String text) {
        int digits = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch >= '0' && ch <= '9') {
                digits++;
            } else if (ch == '_' || ch == ':' || ch == '=') {
                return true;
            } else if (Character.isWhitespace(ch)) {
                space = true;
            }
        }
        if (digits >= 13 || text.contains("eyJ")) {
            return true;
        }
        if (space) {
            for (String scheme : SCHEMES) {
                for (int i = 0; i + scheme.length() <= text.length(); i++) {
                    if (text.regionMatches(true, i, scheme, 0, scheme.length())) {
                        return true;
                    }
                }
            }
        }
        return false;
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
        return key != null && SECRET_KEY.matcher(key.trim().toLowerCase(Locale.ROOT)).matches();
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
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            if (m.end() - m.start() < 13) {
                continue;
            }
            String masked = maskCardsIn(m.group());
            if (masked != null) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, m.start()).append(masked);
                copied = m.end();
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * The candidate with each card number in it masked, or null when it holds none. A card number is 13-19 digits
     * passing the Luhn check, written as one run, or in groups of four (the last one shorter), or as Amex's and
     * Diners' 4-6-5 and 4-6-4. Other digit groups around it stay (an order number before, an expiry after).
     */
    private static String maskCardsIn(String candidate) {
        String[] groups = candidate.split("[ -]", -1);
        String[] separators = new String[groups.length];
        int at = 0;
        for (int g = 0; g < groups.length; g++) {
            at += groups[g].length();
            separators[g] = at < candidate.length() ? candidate.substring(at, at + 1) : "";
            at++;
        }
        StringBuilder out = new StringBuilder(candidate.length());
        boolean found = false;
        int i = 0;
        while (i < groups.length) {
            // The longest card number starting at group i: at most 19 digits, so only a few groups to try.
            int last = i;
            for (int digits = groups[i].length(); last + 1 < groups.length && digits + groups[last + 1].length() <= 19; ) {
                digits += groups[++last].length();
            }
            int end = -1;
            for (int j = last; j >= i; j--) {
                if (isCardGrouping(groups, i, j) && luhn(String.join("", Arrays.copyOfRange(groups, i, j + 1)))) {
                    end = j;
                    break;
                }
            }
            if (end < 0) {
                out.append(groups[i]).append(separators[i]);
                i++;
            } else {
                out.append(PAN_MASK).append(separators[end]);
                found = true;
                i = end + 1;
            }
        }
        return found ? out.toString() : null;
    }

    private static boolean isCardGrouping(String[] groups, int from, int to) {
        int digits = 0;
        for (int g = from; g <= to; g++) {
            digits += groups[g].length();
        }
        if (digits < 13 || digits > 19) {
            return false;
        }
        int count = to - from + 1;
        if (count == 1) {
            return true;
        }
        if (count == 3 && groups[from].length() == 4 && groups[from + 1].length() == 6
                && (groups[to].length() == 4 || groups[to].length() == 5)) {
            return true;
        }
        for (int g = from; g < to; g++) {
            if (groups[g].length() != 4) {
                return false;
            }
        }
        return groups[to].length() >= 1 && groups[to].length() <= 4;
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
