"""Sending one webhook request without letting a subscriber's URL reach inside the network (SSRF).

The host is resolved at send time and *every* address it resolves to must be public (a name with one public
and one private record is refused: the attacker picks which one a client would use). The request then connects
to the address that was checked, never to the name again, so a DNS answer that changes between the check and
the connection (rebinding) cannot redirect it. TLS still verifies the certificate against the host name (SNI
and hostname check), and the ``Host`` header carries the name. Redirects are not followed: a 3xx is an answer
like any other non-2xx, so a public receiver cannot bounce the request to an internal address either.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_ANSWER_BYTES = 64 * 1024  # the answer body is read (so the connection ends cleanly) but never stored


class BlockedAddress(Exception):
    """The URL's host is (or resolves to) an address webhooks must not reach."""


class UnresolvableHost(Exception):
    pass


def refusal(ip: IPAddress) -> str | None:
    """Why webhooks must not reach ``ip`` (None: a public address)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for reason, hit in (("loopback", ip.is_loopback), ("private", ip.is_private), ("link-local", ip.is_link_local),
                        ("multicast", ip.is_multicast), ("reserved", ip.is_reserved),
                        ("unspecified", ip.is_unspecified)):
        if hit:
            return reason
    # Shared address space (100.64.0.0/10), documentation and benchmarking ranges: not private, not global.
    return None if ip.is_global else "not globally routable"


def ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (a module function so tests can stand in a resolver)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as exc:  # gaierror, an IDNA label too long, a NUL in the name
        raise UnresolvableHost(f"cannot resolve {host}: {exc}") from None
    seen: dict[str, IPAddress] = {}
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        seen.setdefault(address, ipaddress.ip_address(address))
    return list(seen.values())


def checked_addresses(host: str, port: int, *, allow_private: bool) -> list[IPAddress]:
    literal = ip_literal(host)
    addresses = [literal] if literal is not None else resolve(host, port)
    if not addresses:
        raise UnresolvableHost(f"{host} has no address")
    if not allow_private:
        for ip in addresses:
            reason = refusal(ip)
            if reason is not None:
                raise BlockedAddress(f"{host} resolves to {ip}, a {reason} address; webhooks are not sent there "
                                     "unless an admin allows the host (DOCSVC_WEBHOOK_ALLOWED_HOSTS or the "
                                     "subscription's allow_private_network)")
    return addresses


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    error: str | None
    address: str | None
    duration_ms: int


class _PinnedHTTP(http.client.HTTPConnection):
    """HTTP to a fixed address; ``host`` stays the name (for the Host header)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPS(_PinnedHTTP):
    default_port = 443

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, address, timeout)
        self._tls = ssl.create_default_context()

    def connect(self) -> None:
        super().connect()
        self.sock = self._tls.wrap_socket(self.sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float, allow_private: bool) -> Answer:
    """POST ``body`` to ``url``; never raises for a network failure (it is in ``Answer.error``).
    ``BlockedAddress`` is raised: that is not worth retrying."""
    started = time.monotonic()
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    try:
        addresses = checked_addresses(host, port, allow_private=allow_private)
    except UnresolvableHost as exc:
        return Answer(None, str(exc), None, _ms(started))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    error = "no address answered"
    for ip in addresses:
        connection = (_PinnedHTTPS if https else _PinnedHTTP)(host, port, str(ip), timeout)
        try:
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            deadline = started + 2 * timeout  # a receiver trickling its answer cannot hold the worker
            read = 0
            while read < MAX_ANSWER_BYTES and time.monotonic() < deadline:
                chunk = response.read(8192)
                if not chunk:
                    break
                read += len(chunk)
            return Answer(response.status, None, str(ip), _ms(started))
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"[:500] or type(exc).__name__
            if isinstance(exc, TimeoutError | socket.timeout):
                error = f"no answer within {timeout:g} s"
                return Answer(None, error, str(ip), _ms(started))
        finally:
            connection.close()
    return Answer(None, error, str(addresses[-1]), _ms(started))


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
