"""Outbound requests: which addresses the OMS may call, and a session that keeps to it.

A URL typed by a user must not turn the server into a proxy towards the machine
itself, its LAN or the cloud metadata service (server-side request forgery). The
policy has two layers:

- :func:`check_url`, when the URL is saved and again before each call: only
  ``http``/``https``, no credentials inside the URL, and no host that is itself a
  loopback, private, link-local or otherwise non-public address (IP literals in
  any notation, ``localhost``, mDNS and private-use names);
- :func:`guarded_session`, for the call: every new connection resolves the host,
  checks each address, connects, then checks the address the socket is actually
  connected to, so that a DNS answer that changed since the save (DNS rebinding)
  cannot reach a refused address.

Both take ``allow_private``: a channel whose manager explicitly allowed private
network targets (an endpoint on the LAN, or a test server on loopback) skips the
address checks, never the scheme and URL checks.

Refusals raise :class:`OutboundRefused` with a ``code`` (one of :data:`CODES`);
the caller turns the code into a translated message. Usage::

    check_url(url, allow_private)            # raises OutboundRefused
    with guarded_session(allow_private) as session:
        response = session.post(url, data=body, timeout=10, allow_redirects=False)
"""

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .errors import DomainError

SCHEMES = ("http", "https")
CODES = (
    "url",  # not a URL we can call (empty, spaces, control characters)
    "scheme",  # not http or https
    "userinfo",  # user or password inside the URL
    "host",  # no host name
    "port",  # port out of range
    "unspecified",  # 0.0.0.0, ::
    "loopback",  # 127.0.0.0/8, ::1, localhost
    "link_local",  # 169.254.0.0/16 (cloud metadata), fe80::/10
    "multicast",  # 224.0.0.0/4, ff00::/8
    "private",  # RFC 1918, shared 100.64.0.0/10, fc00::/7, fec0::/10, .local
    "reserved",  # 240.0.0.0/4, broadcast, reserved IPv6 blocks
    "non_global",  # anything else not routable on the internet
)

# IPv4 ranges Python's ipaddress does not name "private" the same way on every
# version, listed once here.
_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "fc00::/7",
        "fec0::/10",
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_TEREDO = ipaddress.ip_network("2001::/32")
# Names that resolve to the machine itself (RFC 6761) or to the LAN (mDNS,
# RFC 6762; home networks, RFC 8375; private use, ICANN 2024).
_LOOPBACK_NAMES = ("localhost",)
_PRIVATE_SUFFIXES = (".local", ".home.arpa", ".internal", ".localdomain")


class OutboundRefused(DomainError):
    """A URL or address the OMS must not call.

    Not an ``OSError`` on purpose: HTTP libraries turn those into retryable
    connection errors, a refusal is final until someone changes the settings.

    :ivar code: one of :data:`CODES`
    :ivar target: the offending host or address, for the manager's eyes
    """

    def __init__(self, code, target=""):
        super().__init__("Outbound request refused (%s): %s" % (code, target))
        self.code = code
        self.target = target


def check_address(address, allow_private=False):
    """Refuse an IP address that is not a public internet address.

    IPv6 forms that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``,
    IPv4-compatible, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``) are judged by the
    IPv4 address they carry; Teredo is refused.

    :param address: text (``"10.0.0.1"``, ``"fe80::1%eth0"``, ``"[::1]"``) or an
        :mod:`ipaddress` object
    :param allow_private: accept any address (the manager allowed it)
    :return: the address as an :mod:`ipaddress` object
    :raise OutboundRefused: ``url`` when it is not an address, else the class of
        address (see :data:`CODES`)
    """
    ip = _parse_ip(address)
    if ip is None:
        raise OutboundRefused("url", str(address))
    if allow_private:
        return ip
    code = _address_class(ip)
    if code:
        raise OutboundRefused(code, str(ip))
    return ip


def check_url(url, allow_private=False):
    """Check a URL before it is saved and before it is called.

    No name resolution here: a host name is judged by its form only (IP literals
    in any notation, ``localhost``, ``.local``...); :func:`guarded_session` checks
    the addresses at connection time.

    :param url: the URL as typed
    :param allow_private: accept loopback, private and other non-public targets
    :return: the URL split by :func:`urllib.parse.urlsplit`
    :raise OutboundRefused: with the code of the first rule broken
    """
    if not isinstance(url, str) or not url or any(c.isspace() for c in url):
        raise OutboundRefused("url", str(url or ""))
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        raise OutboundRefused("url", url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise OutboundRefused("scheme", parts.scheme)
    if "@" in parts.netloc:
        raise OutboundRefused("userinfo", parts.hostname or "")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise OutboundRefused("host", url)
    try:
        port = parts.port
    except ValueError as error:
        raise OutboundRefused("port", parts.netloc) from error
    if port == 0:
        raise OutboundRefused("port", parts.netloc)
    if allow_private:
        return parts
    ip = _parse_ip(host)
    if ip is not None:
        check_address(ip)
    elif host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        raise OutboundRefused("loopback", host)
    elif host.endswith(_PRIVATE_SUFFIXES):
        raise OutboundRefused("private", host)
    return parts


def guarded_session(allow_private=False):
    """A :class:`requests.Session` that connects only to allowed addresses.

    - Each new connection resolves the host, refuses it when any address is not
      allowed, connects, then checks the peer address of the socket.
    - Proxies and ``.netrc`` of the environment are ignored: a proxy would hide
      the real target from the checks.
    - Redirects are not followed; call with ``allow_redirects=False`` and treat
      a 3xx answer as a failure.

    A refusal raises :class:`OutboundRefused` out of ``session.request()``.
    Close the session after use (it is a context manager).
    """
    session = requests.Session()
    session.trust_env = False
    session.max_redirects = 0
    adapter = _GuardedAdapter() if not allow_private else HTTPAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# Helpers


def _parse_ip(value):
    """An :mod:`ipaddress` object for an IP in any notation, else ``None``."""
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return value
    text = str(value).strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    # Legacy IPv4 forms that resolvers still accept: 127.1, 0x7f.1, 2130706433.
    if text and all(c in "0123456789abcdefxABCDEFX." for c in text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def _embedded_ipv4(ip):
    if ip.version != 6:
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _address_class(ip):
    """Code of the class of a refused address, or ``None`` for a public one."""
    ip = _embedded_ipv4(ip) or ip
    if ip.version == 6 and ip in _TEREDO:
        return "non_global"
    for code, matches in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link_local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", any(ip in net for net in _PRIVATE_NETWORKS)),
        ("reserved", ip.is_reserved),
        ("non_global", not ip.is_global),
    ):
        if matches:
            return code
    return None


def _resolve(host, port):
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        # Let the HTTP library report the failure as a connection error.
        return []
    return [info[4][0] for info in infos]


class _GuardedConnectionMixin:
    def _new_conn(self):
        # Before: no packet to a refused address in the normal case.
        for address in _resolve(self.host, self.port):
            check_address(address)
        sock = super()._new_conn()
        # After: the address actually connected to (DNS may have changed).
        try:
            check_address(sock.getpeername()[0])
        except BaseException:
            sock.close()
            raise
        return sock


class _GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    pass


class _GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPConnectionPool,
            "https": _GuardedHTTPSConnectionPool,
        }
