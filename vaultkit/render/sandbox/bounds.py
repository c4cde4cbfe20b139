"""The caps on what one operation of a template may make, and the refusals past them."""

from __future__ import annotations

from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE

MAX_OUTPUT_CHARS = 8_000_000  # far above any real note; stops a runaway template
MAX_EXPONENT = 64  # `9 ** 999999999` would keep a core busy for hours
# What one operation of a template may make. Each is worked out from the operands before the
# operation runs, because one call into C (`'%5000000000s' % 'x'`) allocates gigabytes before
# the deadline or the output cap can act.
MAX_ITEMS = MAX_RANGE  # a list, as long as the longest range the sandbox allows (100,000)
MAX_INT_BITS = 1 << 16  # 19,729 digits; Python will not even print more than 4,300
# A date format (strftime, strptime, moment) longer than this is refused: time.strftime's buffer
# grows to 256 times the format's length.
MAX_FORMAT_CHARS = 1000
MAX_ARGUMENT_CHARS = MAX_OUTPUT_CHARS // 16  # an argument to a function from vaultkit's data

# Every way a template reaches Python code that builds a text or a list goes through one of the
# sandbox's hooks (environment.py): binary operators (call_binop), `~` (joined), calls of
# methods and functions (call), str.format (wrap_str_format), filters (each wrapped),
# `{{ value }}` (finalize) and captured output of macros, blocks and `{% set %}` (concat). Each
# hook sizes the result from its operands and refuses past MAX_OUTPUT_CHARS characters or
# MAX_ITEMS items; a method or C function it cannot size is refused, not let through. What is
# left, many allowed objects kept at once, is for the memory watch (limits.py).


def cap_text(chars: int, what: str) -> None:
    """Refuse an operation that would make a text longer than the output may be."""
    if chars > MAX_OUTPUT_CHARS:
        raise SecurityError(f"{what} would make {chars} characters (at most {MAX_OUTPUT_CHARS})")


def too_long(what: str) -> SecurityError:
    """For a sum given up on as soon as it passed the cap."""
    return SecurityError(f"{what} would make more than {MAX_OUTPUT_CHARS} characters")


def cap_list(items: int, what: str) -> None:
    if items > MAX_ITEMS:
        raise SecurityError(f"{what} would make a list of {items} items (at most {MAX_ITEMS})")


def cap_bits(bits: int, what: str) -> None:
    if bits > MAX_INT_BITS:
        raise SecurityError(f"{what} would make a number of {bits} bits (at most {MAX_INT_BITS})")


def cap_walk(items: int, what: str) -> None:
    if items > MAX_ITEMS:
        raise SecurityError(f"{what} would write out more than {MAX_ITEMS} items")
