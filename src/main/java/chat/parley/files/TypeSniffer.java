package chat.parley.files;

import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What an upload really is, from its bytes (Apache Tika's magic-byte detector), never from what the client said. The
 * name only refines a type the bytes leave open (a text file named {@code notes.md} is {@code text/markdown}; a PDF
 * named {@code cat.png} stays a PDF).
 */
final class TypeSniffer {

    private final MimeTypes types = MimeTypes.getDefaultMimeTypes();

    /** The media type of {@code file}, without parameters, e.g. {@code image/png}. */
    String detect(Path file, String name) throws IOException {
        var metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        try (InputStream in = TikaInputStream.get(Files.newInputStream(file))) {
            return types.detect(in, metadata).getBaseType().toString();
        }
    }

    /**
     * Why a client's claim is contradicted by the bytes, if it is. Only a claim of an image, audio or video type is
     * held to the bytes (that is what decides how a file is shown); {@code application/octet-stream}, text types and
     * no claim at all are never refused, since browsers guess those from the name.
     */
    Optional<String> contradiction(String claimed, String detected) {
        if (claimed == null || claimed.isBlank()) {
            return Optional.empty();
        }
        MediaType claim = MediaType.parse(claimed.trim().toLowerCase(Locale.ROOT));
        if (claim == null) {
            return Optional.empty();
        }
        claim = claim.getBaseType();
        String family = claim.getType();
        if (!family.equals("image") && !family.equals("audio") && !family.equals("video")) {
            return Optional.empty();
        }
        var registry = types.getMediaTypeRegistry();
        MediaType actual = MediaType.parse(detected);
        if (registry.isInstanceOf(actual, claim) || registry.isInstanceOf(claim, actual)
                || registry.normalize(claim).equals(registry.normalize(actual))) {
            return Optional.empty();
        }
        return Optional.of("the file was sent as " + claim + " but its bytes are " + detected);
    }
}
