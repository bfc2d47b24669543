package chat.parley.http;

import chat.parley.tls.Pem;
import io.javalin.http.Context;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/**
 * {@code GET /api/tls/ca.crt} (DER, what phones install) and {@code GET /api/tls/ca.pem}: the local CA of
 * {@code tls: auto}, so devices on the LAN can trust this server. 404 when the server has no local CA.
 */
final class TlsRoutes {

    private final X509Certificate ca;

    TlsRoutes(TlsInfo tls) {
        this.ca = tls.localCa();
    }

    void der(Context ctx) throws CertificateEncodingException {
        ctx.header("Content-Disposition", "attachment; filename=\"parley-ca.crt\"")
                .contentType("application/x-x509-ca-cert")
                .result(requireCa().getEncoded());
    }

    void pem(Context ctx) {
        ctx.header("Content-Disposition", "attachment; filename=\"parley-ca.pem\"")
                .contentType("application/x-pem-file")
                .result(Pem.toPem(requireCa()));
    }

    private X509Certificate requireCa() {
        if (ca == null) {
            throw ApiException.notFound("this server has no local CA (it is made with tls: auto)");
        }
        return ca;
    }
}
