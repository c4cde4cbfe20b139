"""The two ways a command stops short: refused (it cannot be done as asked) or failed (tried,
and the machine or a template said no). The message is the one line a person reads."""

from __future__ import annotations


class Refused(Exception):
    """The command cannot be done as asked (a usage error in all but name): nothing was done,
    and the message says what to do instead."""


class Failed(Exception):
    """The command was tried and did not succeed (a template that failed, a write refused);
    running it again, once the cause is gone, may."""
