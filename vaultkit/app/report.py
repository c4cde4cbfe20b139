"""What a pass tells: the actions it took, the warnings, what it passed over.

`vaultkit run` prints a report and exits 1 on trouble; the daemon logs each action.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vaultkit.store.writer import TROUBLE


@dataclass(frozen=True)
class Action:
    action: str  # what happened: created, filled, ..., or one of the writer's TROUBLE
    path: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.action} {self.path}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class Report:
    actions: list[Action] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0  # files passed over (a note read without its bad frontmatter is not)
    # `PATH[:LINE]: what is wrong` of a note vaultkit left alone this pass (its markers, say)
    problems: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing done, skipped, put off or said."""
        return not (self.actions or self.warnings or self.skipped or self.problems)

    @property
    def trouble(self) -> bool:
        """Something was skipped or put off: the run's exit status is 1."""
        return (
            bool(self.skipped)
            or bool(self.problems)
            or any(a.action in TROUBLE for a in self.actions)
        )
