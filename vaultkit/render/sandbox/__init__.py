"""The Jinja2 sandbox vaultkit renders templates in, bounded in time and memory.

Jinja2's SandboxedEnvironment keeps a template from reaching files, processes or attributes it
should not, but not from looping for hours or from one C call allocating gigabytes
(`'%5000000000s' % 'x'`). Here every operation that can build a text, a list or a number is
sized from its operands before it runs and refused past the output cap, a method or filter that
cannot be sized is refused, and `limits` stops a rendering that runs too long or raises the
process's peak memory too far. templates.py finds templates and renders them in this sandbox.

    bounds.py        the caps, and the refusals past them
    measure.py       what a value writes out, at most, without writing it
    formats.py       what %-formatting, str.format and date formats write
    text_methods.py  the methods of str and bytes, sized
    methods.py       the methods of lists, dicts, sets, numbers and dates, sized
    calls.py         which sizer a call is held to; what cannot be sized is refused
    filters.py       Jinja's filters, sized
    environment.py   the sandboxed environment (ENV) that runs every sizer above
    limits.py        the deadline and the memory watch around one rendering
"""
