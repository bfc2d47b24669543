package chat.parley.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/**
 * Who is in which room in {@code parley bench users}: a team's mix of room sizes. Every user is in one room of
 * everyone, in {@link #SMALL_PER_USER} small rooms of 5–20 people, and half of the users are in one medium room of
 * 100–500 (only from 200 users up). The same users, seed and run give the same plan, so each load-generator process
 * computes it alone and all of them agree.
 */
record RoomPlan(List<Room> rooms, int[][] roomsOfUser) {

    static final int SMALL_PER_USER = 2;
    static final int SMALL_MIN = 5;
    static final int SMALL_MAX = 20;
    static final int MEDIUM_MIN = 100;
    static final int MEDIUM_MAX = 500;
    static final double MEDIUM_SHARE_OF_USERS = 0.5;

    /** The three kinds of room; a message's cost grows with the room's size. */
    enum Kind { SMALL, MEDIUM, EVERYONE }

    /** A room: its id (valid room id) and its members (user indexes, 0-based). */
    record Room(String id, Kind kind, int[] members) {
    }

    /**
     * @param users how many users (at least 1)
     * @param seed  the random seed; the plan depends only on it, the users and the run
     * @param run   part of every room id, so runs and steps never share a room ({@code [a-z0-9-]})
     */
    static RoomPlan of(int users, long seed, String run) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, got " + users);
        }
        var random = new Random(seed ^ users);
        var rooms = new ArrayList<Room>();
        int[] everyone = new int[users];
        Arrays.setAll(everyone, i -> i);
        rooms.add(new Room(run + "-all", Kind.EVERYONE, everyone));
        addRooms(rooms, Kind.SMALL, run + "-s", slots(users, SMALL_PER_USER, random), SMALL_MIN, SMALL_MAX, random);
        if (users >= 2 * MEDIUM_MIN) {
            int[] half = Arrays.copyOf(slots(users, 1, random), (int) (users * MEDIUM_SHARE_OF_USERS));
            addRooms(rooms, Kind.MEDIUM, run + "-m", half, MEDIUM_MIN, Math.min(MEDIUM_MAX, half.length), random);
        }
        return new RoomPlan(List.copyOf(rooms), invert(users, rooms));
    }

    /** The rooms a user is in, as indexes into {@link #rooms()}; the room of everyone first. */
    int[] roomsOf(int user) {
        return roomsOfUser[user];
    }

    Room room(int index) {
        return rooms.get(index);
    }

    /** Every user {@code times} times, shuffled pass by pass. */
    private static int[] slots(int users, int times, Random random) {
        int[] slots = new int[users * times];
        for (int pass = 0; pass < times; pass++) {
            int[] order = new int[users];
            Arrays.setAll(order, i -> i);
            for (int i = users - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            System.arraycopy(order, 0, slots, pass * users, users);
        }
        return slots;
    }

    /** Cuts the slots into rooms of min–max people (a user twice in one room counts once there). */
    private static void addRooms(List<Room> rooms, Kind kind, String prefix, int[] slots, int min, int max,
                                 Random random) {
        int at = 0;
        int n = 0;
        while (at < slots.length) {
            int size = min + random.nextInt(max - min + 1);
            if (slots.length - at - size < min) {
                size = slots.length - at; // the rest, so no room is left smaller than min (unless all are)
            }
            var members = new LinkedHashSet<Integer>();
            for (int i = at; i < at + size; i++) {
                members.add(slots[i]);
            }
            rooms.add(new Room(prefix + n++, kind, members.stream().mapToInt(Integer::intValue).toArray()));
            at += size;
        }
    }

    private static int[][] invert(int users, List<Room> rooms) {
        var lists = new ArrayList<List<Integer>>(users);
        for (int u = 0; u < users; u++) {
            lists.add(new ArrayList<>(4));
        }
        for (int r = 0; r < rooms.size(); r++) {
            for (int member : rooms.get(r).members()) {
                lists.get(member).add(r);
            }
        }
        int[][] of = new int[users][];
        for (int u = 0; u < users; u++) {
            of[u] = lists.get(u).stream().mapToInt(Integer::intValue).toArray();
        }
        return of;
    }
}
