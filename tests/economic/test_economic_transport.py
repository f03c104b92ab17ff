"""Where the tokens may go, what every request carries, and what happens when the line is bad —
against real local HTTP servers (a recording one, or a dead port), no mocking."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest
from economic_helpers import FAST, SECRET_APP, SECRET_GRANT, json_bytes

from wizard import __version__
from wizard.economic import (
    DEFAULT_BASE_URL,
    AttachmentRefused,
    ConfigurationError,
    EconomicClient,
    InsecureURL,
    NetworkError,
    RetryPolicy,
    UnexpectedResponse,
    UnknownOutcome,
    encode_json,
    resolve_base_url,
)
from wizard.economic.http import check_idempotency_key, is_loopback_host


def test_default_base_url_and_the_environment_override(monkeypatch):
    assert resolve_base_url() == DEFAULT_BASE_URL == "https://restapi.e-conomic.com"
    monkeypatch.setenv("ACUBIZ_EXPORT_API_URL", "http://127.0.0.1:8765/")
    assert resolve_base_url() == "http://127.0.0.1:8765"
    # An explicit argument beats the environment.
    assert resolve_base_url("https://api.example.test") == "https://api.example.test"
    with EconomicClient(SECRET_APP, SECRET_GRANT) as client:
        assert client.base_url == "http://127.0.0.1:8765"


@pytest.mark.parametrize(
    "url",
    ["http://example.com", "http://10.0.0.5:8080", "http://192.168.1.2", "http://127.0.0.1.nip.io"],
)
def test_plain_http_to_another_host_is_refused_before_any_request(url, recording_server):
    with pytest.raises(InsecureURL) as caught:
        EconomicClient(SECRET_APP, SECRET_GRANT, base_url=url)
    assert "https://" in caught.value.message
    assert SECRET_GRANT not in str(caught.value)
    assert recording_server.requests == []


def test_plain_http_from_the_environment_is_refused_too(monkeypatch):
    monkeypatch.setenv("ACUBIZ_EXPORT_API_URL", "http://economic.example.com")
    with pytest.raises(InsecureURL):
        EconomicClient(SECRET_APP, SECRET_GRANT)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.5.6.7", "::1", "[::1]"])
def test_loopback_hosts_may_use_plain_http(host):
    assert is_loopback_host(host)


@pytest.mark.parametrize(
    "url", ["ftp://example.com", "restapi.e-conomic.com", "https://user:pw@example.com",
            "https://example.com/?x=1", "https://example.com:notaport", ""],
)
def test_unusable_base_urls_are_configuration_errors(url):
    with pytest.raises(ConfigurationError) as caught:
        resolve_base_url(url)
    assert caught.value.message and caught.value.message_da


def test_links_are_followed_only_on_the_same_origin(recording_server):
    with EconomicClient(SECRET_APP, SECRET_GRANT, base_url=recording_server.base_url) as client:
        transport = client._transport
        port = recording_server.base_url.rsplit(":", 1)[1]
        assert transport.url_for("/journals") == recording_server.base_url + "/journals"
        same = f"http://127.0.0.1:{port}/accounts?skippages=1&pagesize=5"
        assert transport.url_for(same) == same
        for foreign in (
            "https://evil.example.com/accounts",
            f"http://127.0.0.1:{int(port) + 1}/accounts",
            f"https://127.0.0.1:{port}/accounts",
            "//evil.example.com/x",
        ):
            with pytest.raises(InsecureURL) as caught:
                transport.url_for(foreign)
            assert caught.value.key == "foreign_link"
        with pytest.raises(InsecureURL):
            client.get_link("https://evil.example.com/self")
    assert recording_server.requests == []


def test_every_request_carries_auth_accept_user_agent_and_json_only_for_json(recording_server):
    recording_server.script[:] = [
        (200, {"Content-Type": "application/json"}, json_bytes({"agreementNumber": 1}), 0.0),
        (201, {"Content-Type": "application/json"}, json_bytes([{"voucherNumber": 7}]), 0.0),
        (201, {}, b"", 0.0),
    ]
    with EconomicClient(SECRET_APP, SECRET_GRANT, base_url=recording_server.base_url) as client:
        client.get_self()
        client.post_vouchers(3, [{"accountingYear": {"year": "2025"}}], "key-1")
        client.upload_attachment(3, "2025/2026", 7, "C:\\scans\\kvittering.PDF", b"%PDF-1.4",
                                 "key-2")
    get, post, upload = recording_server.requests
    for request in (get, post, upload):
        assert request.headers["X-AppSecretToken"] == SECRET_APP
        assert request.headers["X-AgreementGrantToken"] == SECRET_GRANT
        assert request.headers["Accept"] == "application/json"
        assert request.headers["User-Agent"].startswith(f"acubiz-export/{__version__}")
    assert "Content-Type" not in get.headers and "Idempotency-Key" not in get.headers
    assert post.path == "/journals/3/vouchers"
    assert post.headers["Content-Type"] == "application/json"
    assert post.headers["Idempotency-Key"] == "key-1"
    assert post.body == b'[{"accountingYear":{"year":"2025"}}]'
    assert upload.method == "POST"
    assert upload.path == "/journals/3/vouchers/2025_6_2026-7/attachment/file"
    assert upload.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert upload.headers["Idempotency-Key"] == "key-2"
    assert b'name="file"; filename="kvittering.PDF"' in upload.body
    assert b"Content-Type: application/pdf" in upload.body


def test_append_uses_patch(recording_server):
    recording_server.script[:] = [(200, {}, b"", 0.0)]
    with EconomicClient(SECRET_APP, SECRET_GRANT, base_url=recording_server.base_url) as client:
        client.upload_attachment(1, "2025", 5, "page2.png", b"\x89PNG", "key-3", append=True)
    (request,) = recording_server.requests
    assert request.method == "PATCH"
    assert b"Content-Type: image/png" in request.body


@pytest.mark.parametrize("key", [None, "", "has space", "line\nbreak", "x" * 256, 42])
def test_writes_without_a_usable_idempotency_key_are_impossible(key, recording_server):
    with EconomicClient(SECRET_APP, SECRET_GRANT, base_url=recording_server.base_url) as client:
        with pytest.raises(ValueError, match="Idempotency-Key"):
            client.post_vouchers(1, [{"x": 1}], key)
        with pytest.raises(ValueError, match="Idempotency-Key"):
            client.upload_attachment(1, "2025", 1, "r.pdf", b"%PDF", key)
    assert recording_server.requests == []
    assert check_idempotency_key("acubiz:prod:1:2025-05-01:abc") == "acubiz:prod:1:2025-05-01:abc"


def test_timeouts_default_and_configurable():
    with EconomicClient(SECRET_APP, SECRET_GRANT, base_url="http://127.0.0.1:9") as client:
        assert client.timeout == (5.0, 30.0)
    with EconomicClient(SECRET_APP, SECRET_GRANT, base_url="http://127.0.0.1:9",
                        timeout=(1, 2.5)) as client:
        assert client.timeout == (1.0, 2.5)
    with pytest.raises(ValueError):
        EconomicClient(SECRET_APP, SECRET_GRANT, base_url="http://127.0.0.1:9", timeout=(0, 1))


def test_a_silent_server_is_a_read_timeout_on_reads(recording_server, caplog):
    recording_server.script[:] = [(200, {}, b"{}", 1.0)]
    policy = RetryPolicy(max_attempts=2, backoff_factor=0, backoff_jitter=0)
    caplog.set_level(logging.DEBUG)
    client = EconomicClient(SECRET_APP, SECRET_GRANT, base_url=recording_server.base_url,
                            timeout=(1, 0.2), retry=policy, sleep=lambda s: None)
    with client, pytest.raises(NetworkError) as caught:
        client.get_self()
    assert caught.value.reason == "timeout"
    assert caught.value.key == "network_timeout"
    assert len(recording_server.requests) == 2  # retried once, then gave up
    assert SECRET_GRANT not in caplog.text and SECRET_APP not in caplog.text


def test_a_silent_server_after_a_write_is_an_unknown_outcome(recording_server):
    recording_server.script[:] = [(201, {}, b"[]", 1.0)]
    policy = RetryPolicy(max_attempts=2, backoff_factor=0, backoff_jitter=0)
    client = EconomicClient(SECRET_APP, SECRET_GRANT, base_url=recording_server.base_url,
                            timeout=(1, 0.2), retry=policy, sleep=lambda s: None)
    with client, pytest.raises(UnknownOutcome) as caught:
        client.post_vouchers(1, [{"x": 1}], "key-timeout")
    assert "kassekladden" in caught.value.message_da
    keys = {r.headers["Idempotency-Key"] for r in recording_server.requests}
    assert keys == {"key-timeout"}  # the retry re-sent the same key and body
    assert len({r.body for r in recording_server.requests}) == 1


def test_a_dead_port_is_a_network_error_for_reads_and_writes(dead_port, caplog):
    caplog.set_level(logging.DEBUG)
    with EconomicClient(SECRET_APP, SECRET_GRANT, base_url=f"http://127.0.0.1:{dead_port}",
                        retry=FAST, sleep=lambda s: None) as client:
        with pytest.raises(NetworkError) as read_error:
            client.list_journals()
        # Every attempt failed to connect, so the voucher surely never left this computer.
        with pytest.raises(NetworkError) as write_error:
            client.post_vouchers(1, [{"x": 1}], "key-dead")
    for error in (read_error.value, write_error.value):
        assert error.reason == "connect"
        assert "internet connection" in error.message
        assert "internetforbindelsen" in error.message_da
        assert error.temporary
        assert SECRET_GRANT not in str(error) and SECRET_GRANT not in error.developer_hint
        assert error.__cause__ is None  # the library exception (with headers) is not chained
    assert SECRET_GRANT not in caplog.text and SECRET_APP not in caplog.text


def test_encode_json_is_deterministic_and_handles_money_and_dates():
    body = [{"amount": Decimal("250.00"), "vat": Decimal("12.5"), "date": dt.date(2026, 5, 16),
             "text": "Udlæg æøå"}]
    assert encode_json(body) == (
        '[{"amount":250,"vat":12.5,"date":"2026-05-16","text":"Udlæg æøå"}]'.encode()
    )
    assert encode_json(body) == encode_json(body)
    with pytest.raises(TypeError):
        encode_json([object()])


@pytest.fixture
def self_signed_https_server(tmp_path):
    """A real HTTPS server on 127.0.0.1 with a self-signed certificate no CA vouches for."""
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.handle_error = lambda *args: None  # the client hanging up mid-handshake is expected
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"https://localhost:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def test_https_certificates_are_always_verified(self_signed_https_server):
    base_url, hits = self_signed_https_server
    client = EconomicClient(SECRET_APP, SECRET_GRANT, base_url=base_url, retry=FAST,
                            sleep=lambda s: None)
    try:
        with pytest.raises(NetworkError) as read_error:
            client.get_self()
        # A certificate failure stops the handshake: the voucher surely was not sent.
        with pytest.raises(NetworkError) as write_error:
            client.post_vouchers(1, [{"x": 1}], "key-tls")
    finally:
        client.close()
    for error in (read_error.value, write_error.value):
        assert error.reason == "tls"
        assert "HTTPS" in error.message
    assert hits == []


def _page(base_url, items, next_page=None):
    pagination = {"pageSize": 2, "results": 99}
    if next_page:
        pagination["nextPage"] = next_page
    return (200, {"Content-Type": "application/json"},
            json_bytes({"collection": items, "pagination": pagination, "self": base_url}), 0.0)


def test_a_next_page_link_that_repeats_stops_instead_of_looping(recording_server):
    base = recording_server.base_url
    again = f"{base}/currencies?skippages=1&pagesize=2"
    recording_server.script[:] = [
        _page(base, [{"code": "DKK"}], again),
        _page(base, [{"code": "EUR"}], again),  # the server points at the same page again
    ]
    client = EconomicClient(SECRET_APP, SECRET_GRANT, base_url=base, page_size=2)
    with client, pytest.raises(UnexpectedResponse):
        client.list_currencies()
    assert len(recording_server.requests) == 2


def test_a_next_page_link_to_another_server_is_not_followed(recording_server):
    base = recording_server.base_url
    recording_server.script[:] = [
        _page(base, [{"code": "DKK"}], "https://collector.example.com/currencies?skippages=1")
    ]
    client = EconomicClient(SECRET_APP, SECRET_GRANT, base_url=base, page_size=2)
    with client, pytest.raises(InsecureURL) as caught:
        client.list_currencies()
    assert "collector.example.com" in caught.value.message
    assert len(recording_server.requests) == 1


def test_a_receipt_e_conomic_refuses_is_attachment_refused(recording_server):
    recording_server.script[:] = [(415, {"Content-Type": "application/json"}, json_bytes({
        "message": "The file type is not supported.", "errorCode": "UnsupportedFileType",
        "httpStatusCode": 415}), 0.0)]
    client = EconomicClient(SECRET_APP, SECRET_GRANT, base_url=recording_server.base_url)
    with client, pytest.raises(AttachmentRefused) as caught:
        client.upload_attachment(1, "2026", 3, "scan.jpg", b"\xff\xd8\xff", "key-415")
    assert caught.value.reason == "server"
    assert "scan.jpg" in caught.value.message
    assert "The file type is not supported." in caught.value.message
    assert len(recording_server.requests) == 1
