"""The server's own TLS certificate, made at start-up: no files to ship, nothing to expire."""

import datetime
import ipaddress
import ssl
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALID_FOR = datetime.timedelta(days=365)
ALWAYS_NAMED = ("localhost", "fake-smtp", "127.0.0.1", "::1")
"""What the certificate is valid for besides the host it listens on: this machine, and the
demo's container by its compose name."""


def self_signed_certificate(host: str) -> tuple[bytes, bytes]:
    """A certificate for `host` (and ALWAYS_NAMED) signing itself, and its key: both PEM."""
    key = ec.generate_private_key(ec.SECP256R1())  # quicker to make than an RSA key
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-smtp")])
    now = datetime.datetime.now(datetime.UTC)
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))  # clocks a little behind
        .not_valid_after(now + VALID_FOR)
        .add_extension(_alternative_names(host), critical=False)
        # Its own authority too, so a client can trust exactly it (cadata=certificate_pem).
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return certificate.public_bytes(serialization.Encoding.PEM), key_pem


def server_context(certificate_pem: bytes, key_pem: bytes) -> ssl.SSLContext:
    """The TLS context STARTTLS uses, holding the certificate and its key."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # ssl loads a certificate chain only from files: these live as long as the loading.
    with tempfile.TemporaryDirectory(prefix="fake-smtp-") as directory:
        certificate_file, key_file = Path(directory, "cert.pem"), Path(directory, "key.pem")
        certificate_file.write_bytes(certificate_pem)
        key_file.write_bytes(key_pem)
        context.load_cert_chain(certificate_file, key_file)
    return context


def _alternative_names(host: str) -> x509.SubjectAlternativeName:
    """Names and addresses: ALWAYS_NAMED, and `host` unless it means every address."""
    names = list(ALWAYS_NAMED)
    if host not in ("", "0.0.0.0", "::") and host not in names:
        names.append(host)
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)
