"""The environment every template renders in: Jinja2's sandbox with each operation that can
build a large text or list sized before it runs."""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, str_join
from jinja2.sandbox import SandboxedEnvironment, SandboxedFormatter
from markupsafe import EscapeFormatter, Markup

from vaultkit.render.sandbox.bounds import (
    MAX_EXPONENT,
    MAX_ITEMS,
    MAX_OUTPUT_CHARS,
    cap_bits,
    cap_list,
    cap_text,
    too_long,
)
from vaultkit.render.sandbox.calls import sized_call
from vaultkit.render.sandbox.filters import sized_filters
from vaultkit.render.sandbox.formats import field_chars, printf_chars
from vaultkit.render.sandbox.measure import escaped_chars, size_of
from vaultkit.text.moment import format_moment


class _SizedFormatter(SandboxedFormatter):
    """str.format in the sandbox, each field sized once its spec is known (so a nested width,
    `'{:{w}}'`, is sized too) and the whole kept under the output cap."""

    escaping = False

    def vformat(self, format_string: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
        self.written = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion in ("r", "a"):
            size_of(value, "str.format", "repr" if conversion == "r" else "ascii")
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        chars = field_chars(value, format_spec, "str.format")
        self.written += 5 * chars if self.escaping else chars
        cap_text(self.written, "str.format")
        return super().format_field(value, format_spec)


class _SizedEscapeFormatter(_SizedFormatter, EscapeFormatter):
    escaping = True


class _CodeGenerator(CodeGenerator):
    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        # `a ~ b`, through the environment, so that the pieces are sized before they are joined
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.joined({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, with every operation that can build a large text or list sized before
    it runs (see bounds.py)."""

    code_generator_class = _CodeGenerator
    # Intercepted operators are also never worked out at compile time, outside the limits.
    intercepted_binops = frozenset({"+", "*", "%", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if (
                isinstance(right, int)
                and abs(right) > MAX_EXPONENT
                and isinstance(left, (int, float))
                and abs(left) > 1
            ):
                raise SecurityError(f"exponent {right} is too large (at most {MAX_EXPONENT})")
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                cap_bits(abs(left).bit_length() * right, "**")
        elif operator == "*":
            self._repetition(left, right)
        elif operator == "+":
            if isinstance(left, (str, bytes)) and isinstance(right, (str, bytes)):
                markup = isinstance(left, Markup) or isinstance(right, Markup)
                cap_text(
                    sum(
                        escaped_chars(x, "+") if markup and isinstance(x, str) else len(x)
                        for x in (left, right)
                    ),
                    "+",
                )
            elif isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
                cap_list(len(left) + len(right), "+")
        elif operator == "%" and isinstance(left, (str, bytes)):
            cap_text(
                printf_chars(left, right, "%-formatting", isinstance(left, Markup)), "%-formatting"
            )
        return super().call_binop(context, operator, left, right)

    @staticmethod
    def _repetition(left: Any, right: Any) -> None:
        if isinstance(left, int) and isinstance(right, int):
            return cap_bits(abs(left).bit_length() + abs(right).bit_length(), "*")
        times, items = (left, right) if isinstance(left, int) else (right, left)
        if not isinstance(times, int) or times <= 0:
            return None
        if isinstance(items, (str, bytes)):
            if len(items) * times > MAX_OUTPUT_CHARS:
                raise SecurityError(f"a repetition of more than {MAX_OUTPUT_CHARS} items")
        elif isinstance(items, (list, tuple)) and len(items) * times > MAX_ITEMS:
            raise SecurityError(f"a repetition of more than {MAX_ITEMS} items")
        return None

    def joined(self, join: Callable[[Iterable[Any]], str], pieces: tuple[Any, ...]) -> str:
        escaping = join is not str_join
        total = 0
        for piece in pieces:
            total += (
                escaped_chars(piece, "~")
                if escaping
                else len(piece)
                if isinstance(piece, str)
                else size_of(piece, "~")
            )
            if total > MAX_OUTPUT_CHARS:
                raise too_long("~")
        cap_text(total, "~")
        return join(pieces)

    def concat(self, pieces: Iterable[str]) -> str:
        # What a macro, a call block, a filter block or `{% set %}...{% endset %}` wrote, kept
        # in a buffer and joined at once: refused as soon as it outgrows the output.
        kept: list[str] = []
        total = 0
        for piece in pieces:
            total += len(piece)
            if total > MAX_OUTPUT_CHARS:
                raise too_long("a macro or a captured block")
            kept.append(piece)
        return "".join(kept)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if not self.is_safe_callable(obj):
            raise SecurityError(f"{obj!r} is not safely callable")
        # Jinja adds these to calls made inside loops and blocks; they are not arguments.
        extra = {k: kwargs.pop(k) for k in ("_loop_vars", "_block_vars") if k in kwargs}
        sized = sized_call(obj, args, kwargs)
        if sized is not None:
            args, kwargs = sized
        return context.call(obj, *args, **kwargs, **extra)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # SandboxedEnvironment's, with a formatter that sizes each field before it is written.
        if (
            not isinstance(value, (types.MethodType, types.BuiltinMethodType))
            or value.__name__ not in ("format", "format_map")
            or not isinstance(value.__self__, str)
        ):
            return None
        text, is_map = value.__self__, value.__name__ == "format_map"
        formatter = (
            _SizedEscapeFormatter(self, escape=text.escape)
            if isinstance(text, Markup)
            else _SizedFormatter(self)
        )

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                mapping = args[0]
                args, kwargs = (), mapping
            return type(text)(formatter.vformat(text, args, kwargs))

        sized = functools.update_wrapper(wrapper, value)
        # How calls.sized_call knows this call is sized already, field by field.
        sized.__dict__["sized_format"] = True
        return sized


def _finalize(value: Any) -> Any:
    """`{{ value }}` writes str(value): sized first, as a list of a thousand 8 MB texts is
    8 GB of text."""
    if not isinstance(value, str):
        cap_text(size_of(value, "writing out a value"), "writing out a value")
    return value


def _environment() -> SandboxedEnvironment:
    env = _Sandbox(
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_finalize,
    )
    env.filters["moment"] = format_moment
    env.filters = sized_filters(env.filters)
    return env


ENV = _environment()
