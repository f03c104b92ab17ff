"""multipart/form-data bodies, read once per request without regular expressions.

Why not werkzeug's `request.files`: its parser compiles regular expressions that contain the
boundary, and every HTTP client picks a new random boundary per request, so each upload paid
about 15 ms of CPU compiling patterns it never used again (Python's regex cache does not
help). The sandbox shares two cores with the program it serves: that was most of its cost per
receipt. The body is read whole here (uploads are at most `MAX_REQUEST_BYTES`, checked
before), split on the boundary, and each part's `Content-Disposition` read for its name and
filename.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.http import parse_options_header
from werkzeug.wrappers import Request

_CACHE_KEY = "acubiz.sandbox.multipart"


@dataclass(frozen=True)
class Part:
    name: str
    filename: str | None  # None for a plain form field
    content_type: str
    data: bytes


def parts_of(request: Request) -> list[Part]:
    """The parts of a multipart/form-data request, in order (parsed once, then cached)."""
    cached = request.environ.get(_CACHE_KEY)
    if cached is None:
        _, options = parse_options_header(request.headers.get("Content-Type", ""))
        boundary = options.get("boundary", "")
        cached = split_parts(request.get_data(cache=True), boundary.encode("latin-1"))
        request.environ[_CACHE_KEY] = cached
    return cached


def files_of(request: Request) -> list[Part]:
    return [part for part in parts_of(request) if part.filename is not None]


def fields_of(request: Request) -> list[Part]:
    return [part for part in parts_of(request) if part.filename is None]


def split_parts(body: bytes, boundary: bytes) -> list[Part]:
    """RFC 7578 parts of `body`; a body without the boundary has none (what werkzeug
    returned too). Text before the first and after the closing delimiter is ignored."""
    if not boundary:
        return []
    delimiter = b"--" + boundary
    pieces = body.split(delimiter)
    parts: list[Part] = []
    for piece in pieces[1:]:
        if piece.startswith(b"--"):  # the closing delimiter
            break
        if piece.startswith(b"\r\n"):
            piece = piece[2:]
        head, separator, data = piece.partition(b"\r\n\r\n")
        if not separator:
            continue
        if data.endswith(b"\r\n"):  # the line break belongs to the next delimiter
            data = data[:-2]
        part = _part(head, data)
        if part is not None:
            parts.append(part)
    return parts


def _part(head: bytes, data: bytes) -> Part | None:
    headers: dict[str, str] = {}
    for line in head.split(b"\r\n"):
        name, colon, value = line.partition(b":")
        if colon:
            headers[name.strip().lower().decode("latin-1")] = value.strip().decode("utf-8",
                                                                                 "replace")
    disposition, options = parse_options_header(headers.get("content-disposition", ""))
    if disposition.lower() != "form-data" or "name" not in options:
        return None
    return Part(
        name=options["name"],
        filename=options.get("filename"),
        content_type=headers.get("content-type", "application/octet-stream"),
        data=data,
    )
