"""The agenda note's bytes: the generated part between markers, the person's text kept around it."""

from __future__ import annotations

from .edits import BOM, newline_of

BEGIN = "%% vaultkit:begin %%"
END = "%% vaultkit:end %%"


def _marker_lines(data: bytes) -> tuple[int, int] | None:
    """Byte offsets: just after the BEGIN line's newline, and the start of the END line."""
    begin = data.find(BEGIN.encode())
    if begin < 0:
        return None
    after = data.find(b"\n", begin)
    if after < 0:
        return None
    end = data.find(END.encode(), after)
    if end < 0:
        return None
    line_start = data.rfind(b"\n", 0, end) + 1
    return after + 1, max(line_start, after + 1)


def generated_part(data: bytes | None) -> str:
    """The text between the markers (where a person's ticks are), or '' when there is none."""
    if not data:
        return ""
    span = _marker_lines(data)
    return data[span[0]:span[1]].decode("utf-8", "replace") if span else ""


def outside_part(data: bytes) -> bytes:
    """The note without its generated part: what the person wrote around the markers."""
    span = _marker_lines(data)
    return data if span is None else data[:span[0]] + data[span[1]:]


def splice(data: bytes | None, generated: str) -> bytes:
    """The note with `generated` between the markers; bytes outside them are untouched.

    A note without markers gets the generated block appended, so nothing a person wrote in it
    is ever replaced.
    """
    body = generated.replace("\r\n", "\n")
    if body and not body.endswith("\n"):
        body += "\n"
    if not data:
        return f"{BEGIN}\n{body}{END}\n".encode("utf-8")
    newline = newline_of(data).decode()
    encoded = body.replace("\n", newline).encode("utf-8")
    span = _marker_lines(data)
    if span is None:
        start = data
        if start not in (b"", BOM) and not start.endswith(b"\n"):
            start += newline.encode()
        block = f"{newline}{BEGIN}{newline}".encode() + encoded + f"{END}{newline}".encode()
        return start + block
    return data[:span[0]] + encoded + data[span[1]:]
