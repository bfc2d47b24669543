package chat.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One step of {@code parley bench users}: N users, what the generators reported, the server's CPU over the measured
 * window and its highest RSS, and which objectives broke. CPU is percent of one core.
 */
record UsersStep(int users, int processes, double rampSeconds, GeneratorReport report, double serverCpu,
                 double serverRssMb, double idleRssMb, double loadBefore, double loadAfter,
                 UsersBench.Objectives objectives) {

    /** The objectives this step broke; empty when it held. */
    List<String> broken() {
        var broken = new ArrayList<String>();
        var delivery = report.deliveryDelays();
        if (delivery.count() == 0) {
            broken.add("no message delivered in the measured window");
        } else if (delivery.percentileMillis(99) > objectives.deliveryP99Millis()) {
            broken.add(String.format(Locale.ROOT, "delivery p99 %,.0f ms > %,.0f ms", delivery.percentileMillis(99),
                    objectives.deliveryP99Millis()));
        }
        var history = report.historyDelays();
        if (history.count() > 0 && history.percentileMillis(99) > objectives.historyP99Millis()) {
            broken.add(String.format(Locale.ROOT, "history p99 %,.0f ms > %,.0f ms", history.percentileMillis(99),
                    objectives.historyP99Millis()));
        }
        if (!report.nothingLost()) {
            broken.add(String.format(Locale.ROOT, "loss: %,d messages missing, %,d of %,d sent not acknowledged, "
                            + "%,d users failed to start, %,d reconnects failed (first error: %s)", report.missing(),
                    report.sent() - report.acked(), report.sent(),
                    report.startFailed(), report.reconnectFailed(), report.firstError()));
        }
        if (serverRssMb > objectives.rssMb()) {
            broken.add(String.format(Locale.ROOT, "server RSS %,.0f MB > %,.0f MB", serverRssMb, objectives.rssMb()));
        }
        return broken;
    }

    boolean held() {
        return broken().isEmpty();
    }

    /** The step as a Markdown table row. */
    String row() {
        double thousands = users / 1000.0;
        double generatorCpu = report.cpuSeconds() / report.windowSeconds() * 100;
        return String.format(Locale.ROOT, "| users %,d (%d generator%s) | ready %,d of %,d in %.1f s | sent %,d, "
                        + "acked %,d; delivered %,d live + %,d caught up; missing %,d | delivery p50 / p90 / p99 / "
                        + "max %s | history %s | server CPU %.0f %% (%.1f %% per 1,000 users) | server RSS peak %,.0f MB "
                        + "(%.0f MB per 1,000 users; %.0f MB above idle) | generators CPU %.0f %% | load average "
                        + "%.1f → %.1f | %s |",
                users, processes, processes == 1 ? "" : "s", report.ready(), users, rampSeconds, report.sent(),
                report.acked(), report.live(), report.caughtUp(), report.missing(), report.deliveryDelays().summary(),
                report.historyDelays().summary(), serverCpu, serverCpu / thousands, serverRssMb,
                serverRssMb / thousands, (serverRssMb - idleRssMb) / thousands, generatorCpu, loadBefore, loadAfter,
                held() ? "held" : "**broke**: " + String.join("; ", broken()));
    }

    /** What the row leaves out: delivery by room kind, start-up delays, typing and presence traffic, churn. */
    String detail() {
        return String.format(Locale.ROOT, "  users %,d: delivery in the room of everyone %s, in the other rooms %s; "
                        + "sign-in → connected → first pages p50 / p90 / p99 / max %s; "
                        + "first pages %s; typing signals sent %,d, received %,d; presence messages received %,d; "
                        + "reconnects %,d (failed %,d); connection attempts retried %,d; messages sent again after a "
                        + "drop %,d; sends skipped while reconnecting %,d; duplicates %,d; generators' RSS %,.0f MB",
                users, report.deliveryEveryoneDelays().summary(), report.deliveryOtherDelays().summary(),
                report.startUpDelays().summary(), report.startHistoryDelays().summary(), report.typingSent(),
                report.typingIn(), report.presenceIn(), report.reconnects(), report.reconnectFailed(), report.retries(),
                report.resent(), report.skipped(), report.duplicates(), report.rssMb());
    }
}
