package chat.parley.http;

import chat.parley.ApiSessions;
import chat.parley.TestServer;
import chat.parley.config.FileLimits;
import chat.parley.files.TestImages;
import chat.parley.files.UploadRefused;
import chat.parley.testing.ParleyServerExtension;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code POST /api/rooms/{room}/files} and {@code GET /api/files/{id}} against the real server: what is kept, how it
 * is served, and every bad input answered in the one error shape with nothing left on disk.
 */
class FilesApiTest {

    private static final long MAX = 2L << 20;
    private static final long QUOTA = 5L << 20;

    @RegisterExtension
    static ParleyServerExtension parley = TestServer.extension()
            .withConfig(c -> c.withFiles(new FileLimits(MAX, QUOTA, false, 100)));

    private static String alice;
    private static String bob;

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(parley.server().httpPort());
    }

    private static RequestSpecification as(String token) {
        return api().auth().oauth2(token);
    }

    @BeforeAll
    static void people() {
        alice = ApiSessions.claim(parley.server().httpPort(), "alice").token();
        bob = ApiSessions.claim(parley.server().httpPort(), "bob").token();
        as(alice).contentType(ContentType.JSON).body("{\"room\":\"vault\"}").post("/api/private-rooms")
                .then().statusCode(201);
    }

    private static Response upload(String token, String room, String name, byte[] bytes, String type) {
        return as(token).multiPart("file", name, bytes, type).post("/api/rooms/" + room + "/files");
    }

    private static String uploadedId(String token, String room, String name, byte[] bytes, String type) {
        return upload(token, room, name, bytes, type).then().statusCode(201).extract().path("file.id");
    }

    private static Path filesDir() {
        return parley.server().config().dataDir().resolve("files");
    }

    private static long tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(filesDir().resolve("tmp"))) {
            return files.count();
        }
    }

    @Test
    void an_image_is_kept_measured_thumbnailed_and_served_inline() throws IOException {
        byte[] png = TestImages.picture("png", 1200, 600);
        Response answer = upload(alice, "general", "chart.png", png, "image/png");
        answer.then().statusCode(201).contentType(ContentType.JSON)
                .body("v", equalTo(1)).body("type", equalTo("file"))
                .body("file.name", equalTo("chart.png")).body("file.mime", equalTo("image/png"))
                .body("file.size", equalTo(png.length)).body("file.width", equalTo(1200))
                .body("file.height", equalTo(600)).body("file.url", startsWith("/api/files/"));
        String id = answer.path("file.id");
        assertThat(id).matches("[A-Za-z0-9_-]{22}");

        Response download = api().get("/api/files/" + id);
        download.then().statusCode(200).contentType("image/png")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", startsWith("inline"))
                .header("Content-Security-Policy", containsString("sandbox"));
        assertThat(download.asByteArray()).isEqualTo(png);

        byte[] thumb = api().get("/api/files/" + id + "/thumb").then().statusCode(200).contentType("image/jpeg")
                .extract().asByteArray();
        var image = ImageIO.read(new ByteArrayInputStream(thumb));
        assertThat(image.getWidth()).isEqualTo(400);
        assertThat(image.getHeight()).isEqualTo(200);

        var stats = api().header("Authorization", "Bearer " + parley.server().adminToken().value())
                .get("/api/admin/stats").then().statusCode(200).extract().jsonPath();
        assertThat(stats.getLong("files.count")).isPositive();
        assertThat(stats.getLong("files.bytes")).isGreaterThanOrEqualTo(png.length + thumb.length);
        api().get("/api/info").then().body("limits.maxFileBytes", equalTo((int) MAX));
        api().get("/metrics").then().body(containsString("parley_file_uploads_total"))
                .body(containsString("parley_files_stored_bytes"));
    }

    @Test
    void gif_and_jpeg_pictures_get_thumbnails_too() throws IOException {
        for (String format : new String[] {"gif", "jpeg"}) {
            String id = upload(alice, "general", "p." + format, TestImages.picture(format, 900, 300), "image/" + format)
                    .then().statusCode(201).body("file.mime", equalTo("image/" + format))
                    .body("file.width", equalTo(900)).extract().path("file.id");
            var thumb = ImageIO.read(new ByteArrayInputStream(api().get("/api/files/" + id + "/thumb").asByteArray()));
            assertThat(thumb.getWidth()).as(format).isEqualTo(400);
            assertThat(thumb.getHeight()).as(format).isEqualTo(133);
        }
    }

    @Test
    void a_multipart_file_spanning_many_reads_is_kept_whole() {
        byte[] bytes = new byte[(int) (MAX - 4096)]; // many 64 KiB buffers of the server, and of the client's writes
        new java.util.Random(7).nextBytes(bytes);
        String id = uploadedId(bob, "general", "random.bin", bytes, "application/octet-stream");
        assertThat(api().get("/api/files/" + id).asByteArray()).isEqualTo(bytes);
    }

    @Test
    void a_raw_body_is_a_file_too_and_other_files_are_attachments() {
        byte[] text = "kernel: all good\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        String id = as(alice).contentType("text/plain").body(text).queryParam("name", "boot log.txt")
                .post("/api/rooms/general/files").then().statusCode(201)
                .body("file.mime", equalTo("text/plain")).body("file.name", equalTo("boot log.txt"))
                .extract().path("file.id");
        api().get("/api/files/" + id).then().statusCode(200)
                .header("Content-Disposition", equalTo("attachment; filename=\"boot log.txt\"; "
                        + "filename*=UTF-8''boot%20log.txt"))
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void the_same_bytes_are_stored_once() throws IOException {
        byte[] bytes = TestImages.picture("png", 333, 222);
        String first = uploadedId(alice, "general", "a.png", bytes, "image/png");
        String second = uploadedId(bob, "general", "b.png", bytes, "image/png");
        assertThat(first).isNotEqualTo(second);
        String etag = api().get("/api/files/" + first).header("ETag");
        assertThat(api().get("/api/files/" + second).header("ETag")).isEqualTo(etag);
        String sha = etag.replace("\"", "");
        try (Stream<Path> blobs = Files.walk(filesDir())) {
            assertThat(blobs.filter(p -> p.getFileName().toString().equals(sha))).hasSize(1);
        }
    }

    @Test
    void a_file_over_the_limit_is_refused_while_it_streams_and_counted() throws Exception {
        long before = parley.server().files().refusals(UploadRefused.Reason.TOO_LARGE);
        // Chunked, so the server cannot tell the size in advance: it must stop at the limit, not at the end.
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + parley.server().httpPort()
                        + "/api/rooms/general/files?name=big.bin"))
                .header("Authorization", "Bearer " + alice)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[(int) MAX + 1])))
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("\"error\":\"too_large\"").contains("2 MB");
        assertThat(parley.server().files().refusals(UploadRefused.Reason.TOO_LARGE)).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> tempFiles() == 0);
        api().get("/metrics").then().body(containsString("parley_file_refusals_total{reason=\"too_large\"}"));
        // With a Content-Length the answer comes before a byte is read.
        upload(alice, "general", "big.bin", new byte[(int) MAX + 1], "application/octet-stream")
                .then().statusCode(413).body("error", equalTo("too_large"));
    }

    @Test
    void a_user_over_the_quota_is_refused() {
        String carol = ApiSessions.claim(parley.server().httpPort(), "carol").token();
        byte[] chunk = new byte[(int) (MAX - 1024)];
        for (int i = 0; i < 2; i++) {
            Arrays.fill(chunk, (byte) (i + 1)); // different bytes: dedupe does not change what counts
            upload(carol, "general", "part" + i + ".bin", chunk, "application/octet-stream").then().statusCode(201);
        }
        Arrays.fill(chunk, (byte) 9);
        upload(carol, "general", "part3.bin", chunk, "application/octet-stream").then().statusCode(413)
                .body("error", equalTo("over_quota")).body("message", containsString("quota"));
    }

    @Test
    void only_readers_of_the_room_may_fetch_its_files_and_everyone_else_gets_404() {
        String id = uploadedId(alice, "vault", "secret.png", TestImages.picture("png", 50, 50), "image/png");
        as(alice).get("/api/files/" + id).then().statusCode(200);
        as(alice).get("/api/files/" + id + "/thumb").then().statusCode(200);
        as(bob).get("/api/files/" + id).then().statusCode(404).body("error", equalTo("not_found"));
        as(bob).get("/api/files/" + id + "/thumb").then().statusCode(404);
        api().get("/api/files/" + id).then().statusCode(404);
        String unknown = as(bob).get("/api/files/AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404).extract().asString();
        assertThat(unknown).isEqualTo(as(bob).get("/api/files/" + id).asString().replace(id, "AAAAAAAAAAAAAAAAAAAAAA"));
        upload(bob, "vault", "mine.png", TestImages.picture("png", 10, 10), "image/png").then().statusCode(403);
    }

    @Test
    void byte_ranges_are_answered_for_seeking() {
        byte[] bytes = new byte[1000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        String id = uploadedId(alice, "general", "tones.bin", bytes, "application/octet-stream");
        Response part = api().header("Range", "bytes=10-19").get("/api/files/" + id);
        part.then().statusCode(206).header("Content-Range", "bytes 10-19/1000").header("Content-Length", "10");
        assertThat(part.asByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
        assertThat(api().header("Range", "bytes=-5").get("/api/files/" + id).asByteArray())
                .isEqualTo(Arrays.copyOfRange(bytes, 995, 1000));
        api().header("Range", "bytes=990-").get("/api/files/" + id).then().statusCode(206)
                .header("Content-Range", "bytes 990-999/1000");
        api().header("Range", "bytes=5000-").get("/api/files/" + id).then().statusCode(416)
                .header("Content-Range", "bytes */1000");
        api().get("/api/files/" + id).then().statusCode(200).header("Accept-Ranges", "bytes");
    }

    @Test
    void svg_and_html_are_never_shown_inline() {
        byte[] svg = ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
                + "<script>alert(document.cookie)</script></svg>").getBytes(StandardCharsets.UTF_8);
        String id = uploadedId(alice, "general", "logo.svg", svg, "image/svg+xml");
        api().get("/api/files/" + id).then().statusCode(200).contentType("image/svg+xml")
                .header("Content-Disposition", startsWith("attachment"))
                .header("Content-Security-Policy", containsString("sandbox"))
                .header("X-Content-Type-Options", "nosniff");
        byte[] page = "<!doctype html><html><script>steal()</script></html>".getBytes(StandardCharsets.UTF_8);
        String html = uploadedId(alice, "general", "cat.png.html", page, "text/html");
        api().get("/api/files/" + html).then().contentType("text/html")
                .header("Content-Disposition", startsWith("attachment"));
    }

    @Test
    void a_type_claim_the_bytes_contradict_is_refused() {
        byte[] page = "<!doctype html><html><script>steal()</script></html>".getBytes(StandardCharsets.UTF_8);
        upload(alice, "general", "cat.png", page, "image/png").then().statusCode(415)
                .body("error", equalTo("type_mismatch")).body("message", containsString("text/html"));
    }

    @Test
    void a_decompression_bomb_is_refused_before_it_is_decoded() throws IOException {
        byte[] bomb = TestImages.pngBomb(12_000); // 144 megapixels in a few KB
        assertThat(bomb.length).isLessThan(100_000);
        upload(alice, "general", "bomb.png", bomb, "image/png").then().statusCode(422)
                .body("error", equalTo("image_too_large")).body("message", containsString("12000 × 12000"));
        await().atMost(Duration.ofSeconds(10)).until(() -> tempFiles() == 0);
    }

    @Test
    void a_photos_gps_location_is_removed_and_its_orientation_kept() throws IOException {
        byte[] photo = TestImages.photoWithLocation(640, 480);
        assertThat(TestImages.hasGps(photo)).isTrue();
        Response answer = upload(alice, "general", "holiday.jpg", photo, "image/jpeg");
        answer.then().statusCode(201).body("file.mime", equalTo("image/jpeg"))
                .body("file.width", equalTo(480)).body("file.height", equalTo(640)); // orientation 6: turned
        byte[] served = api().get("/api/files/" + answer.path("file.id")).asByteArray();
        assertThat(TestImages.hasGps(served)).isFalse();
        assertThat(TestImages.orientation(served)).isEqualTo(6);
        var thumb = ImageIO.read(new ByteArrayInputStream(api().get("/api/files/" + answer.path("file.id") + "/thumb")
                .asByteArray()));
        assertThat(thumb.getWidth()).isLessThan(thumb.getHeight()); // the thumbnail is shown as the photo is
    }

    @Test
    void names_lose_folders_and_control_characters() {
        as(alice).contentType("text/plain").body("x".getBytes(StandardCharsets.UTF_8))
                .queryParam("name", "../../etc/pass\u0000wd\u202Etxt.exe\n")
                .post("/api/rooms/general/files").then().statusCode(201)
                .body("file.name", equalTo("passwdtxt.exe"));
    }

    @Test
    void an_empty_file_a_truncated_form_and_a_form_without_a_file_are_refused() throws IOException {
        upload(alice, "general", "nothing.txt", new byte[0], "text/plain").then().statusCode(400)
                .body("error", equalTo("empty_file"));
        String cut = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello, this form never ends";
        as(alice).contentType("multipart/form-data; boundary=XyZ").body(cut.getBytes(StandardCharsets.UTF_8))
                .post("/api/rooms/general/files").then().statusCode(400).body("error", equalTo("truncated"));
        String noFile = "--XyZ\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhi\r\n--XyZ--\r\n";
        as(alice).contentType("multipart/form-data; boundary=XyZ").body(noFile.getBytes(StandardCharsets.UTF_8))
                .post("/api/rooms/general/files").then().statusCode(400).body("error", equalTo("no_file"));
        assertThat(tempFiles()).isZero();
    }

    @Test
    void a_client_that_disconnects_mid_upload_leaves_nothing_behind() throws Exception {
        long before = parley.server().files().refusals(UploadRefused.Reason.TRUNCATED);
        try (var socket = new Socket("127.0.0.1", parley.server().httpPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/rooms/general/files?name=half.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + alice + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[200_000]);
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> tempFiles() == 1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> tempFiles() == 0
                && parley.server().files().refusals(UploadRefused.Reason.TRUNCATED) == before + 1);
    }

    @Test
    void a_cookie_upload_needs_the_upload_header() {
        byte[] bytes = "note".getBytes(StandardCharsets.UTF_8);
        api().cookie("parley_session", alice).multiPart("file", "n.txt", bytes, "text/plain")
                .post("/api/rooms/general/files").then().statusCode(403)
                .body("error", equalTo("upload_header_required"));
        api().cookie("parley_session", alice).header("X-Parley-Upload", "1")
                .multiPart("file", "n.txt", bytes, "text/plain")
                .post("/api/rooms/general/files").then().statusCode(201);
        api().cookie("parley_session", alice).header("X-Parley-Upload", "1").header("Origin", "https://evil.example")
                .multiPart("file", "n.txt", bytes, "text/plain")
                .post("/api/rooms/general/files").then().statusCode(403).body("error", equalTo("cross_origin"));
    }

    @Test
    void an_anonymous_upload_is_refused() {
        api().multiPart("file", "n.txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/rooms/general/files").then().statusCode(401);
    }
}
