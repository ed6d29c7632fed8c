import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from oms_domain.outbound import (
    CODES,
    OutboundRefused,
    check_address,
    check_url,
    guarded_session,
)

REFUSED_ADDRESSES = {
    "0.0.0.0": "unspecified",
    "::": "unspecified",
    "127.0.0.1": "loopback",
    "127.8.9.10": "loopback",
    "::1": "loopback",
    "169.254.169.254": "link_local",  # cloud metadata service
    "fe80::1%eth0": "link_local",
    "224.0.0.1": "multicast",
    "ff02::1": "multicast",
    "10.1.2.3": "private",
    "172.16.0.1": "private",
    "192.168.1.1": "private",
    "100.64.0.1": "private",  # carrier-grade NAT
    "fd00:ec2::254": "private",  # AWS metadata over IPv6
    "fec0::1": "private",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",
    "192.0.2.10": "non_global",  # documentation
    "198.18.0.1": "non_global",  # benchmarking
    "0.1.2.3": "non_global",
    # IPv6 carrying an IPv4 address is judged by the IPv4 address.
    "::ffff:127.0.0.1": "loopback",
    "::ffff:169.254.169.254": "link_local",
    "::ffff:10.0.0.1": "private",
    "::127.0.0.1": "loopback",  # IPv4-compatible
    "64:ff9b::a00:1": "private",  # NAT64 of 10.0.0.1
    "2002:7f00:1::": "loopback",  # 6to4 of 127.0.0.1
    "2001:0:4136:e378::1": "non_global",  # Teredo
}
PUBLIC_ADDRESSES = ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address,code", sorted(REFUSED_ADDRESSES.items()))
def test_non_public_addresses_are_refused_with_their_class(address, code):
    assert code in CODES
    with pytest.raises(OutboundRefused) as refused:
        check_address(address)
    assert refused.value.code == code
    # The manager's flag lets them through.
    assert check_address(address, allow_private=True)


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_public_addresses_pass(address):
    assert check_address(address)


def test_not_an_address():
    with pytest.raises(OutboundRefused) as refused:
        check_address("shop.example.com")
    assert refused.value.code == "url"


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example.com/oms/stock",
        "http://shop.example.com:8080/oms/stock?channel=web",
        "HTTPS://Shop.Example.com./stock",
        "https://93.184.216.34/stock",
        "https://[2606:4700::1111]:8443/stock",
    ],
)
def test_public_urls_pass(url):
    assert check_url(url).scheme.lower() in ("http", "https")


@pytest.mark.parametrize(
    "url,code",
    [
        ("", "url"),
        (None, "url"),
        ("https://shop.example.com/a b", "url"),
        ("https://shop.example.com/\x00", "url"),
        ("ftp://shop.example.com/stock", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("gopher://127.0.0.1:6379/_INFO", "scheme"),
        ("shop.example.com/stock", "scheme"),
        ("https://user:pw@shop.example.com/stock", "userinfo"),
        ("https://shop.example.com@127.0.0.1/stock", "userinfo"),
        ("https:///stock", "host"),
        ("https://shop.example.com:99999/stock", "port"),
        ("https://shop.example.com:0/stock", "port"),
        ("http://127.0.0.1:8069/web", "loopback"),
        ("http://localhost/stock", "loopback"),
        ("http://LOCALHOST./stock", "loopback"),
        ("http://api.localhost/stock", "loopback"),
        ("http://[::1]/stock", "loopback"),
        ("http://[::ffff:127.0.0.1]/stock", "loopback"),
        # Legacy IPv4 notations resolvers still accept.
        ("http://127.1/stock", "loopback"),
        ("http://2130706433/stock", "loopback"),
        ("http://0x7f000001/stock", "loopback"),
        ("http://0177.0.0.1/stock", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link_local"),
        ("http://10.0.0.5/stock", "private"),
        ("http://printer.local/stock", "private"),
        ("http://erp.internal/stock", "private"),
        ("http://0.0.0.0:8069/stock", "unspecified"),
    ],
)
def test_refused_urls_carry_a_code(url, code):
    with pytest.raises(OutboundRefused) as refused:
        check_url(url)
    assert refused.value.code == code


def test_allow_private_skips_address_rules_only():
    assert check_url("http://127.0.0.1:8069/stock", allow_private=True)
    assert check_url("http://printer.local/stock", allow_private=True)
    for url, code in [
        ("ftp://127.0.0.1/stock", "scheme"),
        ("http://user:pw@127.0.0.1/stock", "userinfo"),
    ]:
        with pytest.raises(OutboundRefused) as refused:
            check_url(url, allow_private=True)
        assert refused.value.code == code


def test_refusal_is_not_a_connection_error():
    # HTTP libraries retry OSError subclasses as connection errors.
    assert not issubclass(OutboundRefused, OSError)


class _Endpoint(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.hits += 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format, *args):  # noqa: A002
        return


@pytest.fixture
def loopback_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    server.hits = 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_session_refuses_loopback_unless_allowed(loopback_server):
    port = loopback_server.server_address[1]
    url = "http://127.0.0.1:%s/stock" % port
    with guarded_session() as session, pytest.raises(OutboundRefused) as refused:
        session.post(url, data=b"{}", timeout=5, allow_redirects=False)
    assert refused.value.code == "loopback"
    assert loopback_server.hits == 0
    with guarded_session(allow_private=True) as session:
        response = session.post(url, data=b"{}", timeout=5, allow_redirects=False)
    assert response.status_code == 200
    assert loopback_server.hits == 1


def test_session_refuses_a_name_resolving_to_loopback(loopback_server, monkeypatch):
    port = loopback_server.server_address[1]
    real_getaddrinfo = socket.getaddrinfo

    def fake_getaddrinfo(host, *args, **kwargs):
        if host == "shop.example.com":
            host = "127.0.0.1"
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    url = "http://shop.example.com:%s/stock" % port
    check_url(url)  # the name alone looks fine
    with guarded_session() as session, pytest.raises(OutboundRefused) as refused:
        session.post(url, data=b"{}", timeout=5)
    assert refused.value.code == "loopback"
    assert loopback_server.hits == 0


def test_session_checks_the_address_actually_connected_to(loopback_server, monkeypatch):
    """DNS rebinding: public when checked, loopback when connecting."""
    port = loopback_server.server_address[1]
    real_getaddrinfo = socket.getaddrinfo
    answers = []

    def rebinding_getaddrinfo(host, port, *args, **kwargs):
        if host != "rebind.example.com":
            return real_getaddrinfo(host, port, *args, **kwargs)
        answers.append(host)
        address = "93.184.216.34" if len(answers) == 1 else "127.0.0.1"
        return real_getaddrinfo(address, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    with guarded_session() as session, pytest.raises(OutboundRefused) as refused:
        session.post("http://rebind.example.com:%s/stock" % port, data=b"{}", timeout=5)
    assert refused.value.code == "loopback"
    assert len(answers) == 2
    # Connected, refused before a byte of the request was sent.
    assert loopback_server.hits == 0


def test_session_ignores_environment_proxies_and_redirects(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://10.0.0.1:3128")
    with guarded_session() as session:
        assert session.trust_env is False
        assert session.max_redirects == 0


def test_unresolvable_name_is_a_connection_error():
    with guarded_session() as session, pytest.raises(requests.ConnectionError):
        session.post("http://no-such-host.invalid/stock", data=b"{}", timeout=5)
