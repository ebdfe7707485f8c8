"""Listening addresses: turning where a host and port are written into `Bind` and `Port`.

The server recognizers share these to read `HOST:PORT`, `[V6]:PORT`, `:PORT`, a bare host or
port, and socket paths, falling back to a server's default host and port for the half that is
not given. A port that is the platform's port variable is recorded as the platform port; a host
that comes from text enginelint cannot know is marked so.
"""

from __future__ import annotations

import ipaddress
from typing import Optional

from ... import platform
from .model import _PORT_VARIABLES, PLATFORM, TCP, UNIX, UNKNOWN, Bind, Port, Source


def _port(source: Source) -> Port:
    word, start, end = source.word, source.start, source.end
    text = word.text[start:end]
    variable = word.platform_variable(start, end)
    number: Optional[int] = None
    if variable in _PORT_VARIABLES:
        number = platform.PLATFORM_PORT
    elif text.isascii() and text.isdigit() and len(text) <= 6:
        number = int(text)
    return Port(text, number, variable, word.references_in(start, end))


def _default_port(port: Optional[int]) -> Optional[Port]:
    return Port(str(port), port) if port is not None else None


def _host_known(source: Source) -> bool:
    references = source.word.references_in(source.start, source.end)
    return not any(r.source in (UNKNOWN, PLATFORM) for r in references)


def _tcp(
    host: Optional[Source],
    port: Optional[Source],
    default_host: Optional[str],
    default_port: Optional[int],
    address: Optional[Source] = None,
) -> Bind:
    """A TCP bind from where the host and port are written (None: the server's default)."""
    return Bind(
        TCP,
        host.text if host is not None else (default_host or platform.ALL_INTERFACES),
        _port(port) if port is not None else _default_port(default_port),
        host,
        port,
        address,
        _host_known(host) if host is not None else True,
    )


def _host_and_port(
    address: Source, default_host: Optional[str], default_port: Optional[int]
) -> Bind:
    """`HOST:PORT`, `[V6]:PORT`, `:PORT`, `HOST` (the default port applies)."""
    word, start, end = address.word, address.start, address.end
    text = word.text[start:end]
    port: Optional[Source] = None
    if text.startswith("["):
        close = text.find("]")
        if close < 0:
            host = Source(word, start, end)
        else:
            host = Source(word, start + 1, start + close)
            if text[close + 1 : close + 2] == ":":
                port = Source(word, start + close + 2, end)
    elif text.count(":") > 1 and _is_ipv6(text):
        host = Source(word, start, end)
    else:
        colon = text.rfind(":")
        if colon < 0:
            host = Source(word, start, end)
        else:
            host = Source(word, start, start + colon)
            port = Source(word, start + colon + 1, end)
    return _tcp(host, port, default_host, default_port, address)


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _socket_path(address: Source, prefix: str = "") -> Bind:
    return Bind(UNIX, address=Source(address.word, address.start + len(prefix), address.end))
