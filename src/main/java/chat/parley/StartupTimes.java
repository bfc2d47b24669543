package chat.parley;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How long start-up took, part by part. The broker and the web server start at the same time once the store is open,
 * so {@code ready} is about {@code store + max(broker, web)}, not the sum.
 *
 * @param store  opening the database, its migrations, accounts, room metas and shared files
 * @param broker starting HiveMQ with the chat extension until its listeners are bound, and the bridge
 * @param web    starting the web server until its listeners are bound
 * @param ready  from the start of {@link ParleyServer#start} until every listener is bound
 */
public record StartupTimes(Duration store, Duration broker, Duration web, Duration ready) {

    /** One line for the log, e.g. {@code ready in 2.1 s: store 0.3 s, broker 1.4 s, web 0.9 s (in parallel)}. */
    public String summary() {
        return String.format(Locale.ROOT, "ready in %.1f s: store %.1f s, broker %.1f s, web %.1f s "
                + "(broker and web in parallel)", seconds(ready), seconds(store), seconds(broker), seconds(web));
    }

    /** The same in milliseconds, by part, for {@code /api/admin/stats}. */
    public Map<String, Long> millis() {
        var parts = new LinkedHashMap<String, Long>();
        parts.put("readyMillis", ready.toMillis());
        parts.put("storeMillis", store.toMillis());
        parts.put("brokerMillis", broker.toMillis());
        parts.put("webMillis", web.toMillis());
        return parts;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
