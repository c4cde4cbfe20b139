"""Sizing a call a template makes: which sizer a method, a C function or one of vaultkit's own
functions is held to, and refusing one that cannot be sized."""

from __future__ import annotations

import types
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import safe_range
from jinja2.utils import Cycler, Joiner, Namespace, generate_lorem_ipsum

from vaultkit.render.sandbox.bounds import MAX_ARGUMENT_CHARS, cap_list, cap_text
from vaultkit.render.sandbox.measure import Args, Kwargs, argument, materialized, size_of
from vaultkit.render.sandbox.methods import STATIC_METHODS, is_python, methods_of
from vaultkit.render.sandbox.text_methods import CallArgs

# Jinja's own callables: they copy what they are given at most, or run template code.
_JINJA_CALLABLES = (Namespace, Cycler, Joiner, safe_range)
_JINJA_RECEIVERS = (LoopContext, Cycler, Joiner)


def sized_call(obj: Any, args: Args, kwargs: Kwargs) -> CallArgs | None:
    """Size a call a template makes; None, or the arguments to call with instead."""
    receiver = (
        getattr(obj, "__self__", None)
        if isinstance(obj, (types.BuiltinMethodType, types.MethodType))
        else None
    )
    table = methods_of(receiver) if receiver is not None else None
    if table is not None:
        kind = receiver if isinstance(receiver, type) else type(receiver)
        what = f"{kind.__name__}.{obj.__name__}()"
        size = table.get(obj.__name__)
        if size is None:
            raise SecurityError(f"{what} is not available in templates")
        return size(receiver, args, kwargs, what)
    if isinstance(obj, types.BuiltinFunctionType):
        size = STATIC_METHODS.get(obj.__qualname__)
        if size is None:
            raise SecurityError(f"{obj.__qualname__}() is not available in templates")
        return size(None, args, kwargs, f"{obj.__qualname__}()")
    if obj is dict:
        first = [materialized(a, "dict()") for a in args]
        cap_list(sum(len(a) for a in first if hasattr(a, "__len__")) + len(kwargs), "dict()")
        return tuple(first), kwargs
    if obj is generate_lorem_ipsum:
        n, most = argument(args, kwargs, 0, "n", 5), argument(args, kwargs, 3, "max", 100)
        if isinstance(n, int) and isinstance(most, int):
            cap_text(max(n, 0) * (max(most, 0) + 4) * 16, "lipsum()")
        return None
    if (
        isinstance(obj, (Macro, Joiner))
        or any(obj is own for own in _JINJA_CALLABLES)
        or isinstance(receiver, _JINJA_RECEIVERS)
        or (isinstance(obj, types.FunctionType) and obj.__dict__.get("sized_format"))
    ):
        return None
    if not is_python(obj):
        raise SecurityError(f"{obj!r} cannot be sized, so a template may not call it")
    # vaultkit's own functions and data: they may write an argument out a few times.
    for value in (*args, *kwargs.values()):
        if size_of(value, "an argument") > MAX_ARGUMENT_CHARS:
            raise SecurityError(f"an argument of more than {MAX_ARGUMENT_CHARS} characters")
    return None
