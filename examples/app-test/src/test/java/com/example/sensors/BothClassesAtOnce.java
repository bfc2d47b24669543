package com.example.sensors;

import chat.parley.testing.RunningParley;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * Where the two test classes (run in parallel, junit-platform.properties) meet: each waits here with its server up
 * until the other arrives, so both servers are running at the same moment.
 */
final class BothClassesAtOnce {

    static final Map<String, RunningParley> SERVERS = new ConcurrentHashMap<>();
    private static final CyclicBarrier MEETING = new CyclicBarrier(2);

    private BothClassesAtOnce() {
    }

    static void meet(String name, RunningParley parley) throws Exception {
        SERVERS.put(name, parley);
        MEETING.await(120, TimeUnit.SECONDS);
    }
}
