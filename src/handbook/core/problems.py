"""Problems found in content, shared by the checker and the build."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, with the fix when we know it."""

    path: str
    line: int = 1
    col: int = 1
    severity: str = "error"  # "error" or "warning"
    message: str = ""
    hint: str = ""

    def text(self) -> str:
        """One line for a terminal: control characters from content (a line break in a
        macro argument or a YAML key, terminal escape codes) are shown escaped, so they can
        neither start a forged second problem line nor drive the terminal."""
        hint = f" ({self.hint})" if self.hint else ""
        line = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}{hint}"
        return _CONTROL_RE.sub(_visible, line)

    def github(self) -> str:
        msg = f"{self.message} ({self.hint})" if self.hint else self.message
        props = ",".join(f"{key}={_gh_property(str(value))}" for key, value in
                         (("file", self.path), ("line", self.line), ("col", self.col)))
        return f"::{self.severity} {props}::{_gh_data(msg)}"


_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\u{ord(char):04x}")


def _gh_data(text: str) -> str:
    """A workflow command's message: %, CR and LF would end or garble the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """A workflow command's property value: ',' and ':' also end it (a file named 'a,b.md'
    would otherwise annotate 'a'), so they are escaped as GitHub's runner expects."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Report:
    """Problems collected while loading and validating a handbook."""

    root: Path
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, message: str, *, line: int = 1, col: int = 1,
            hint: str = "", severity: str = "error") -> None:
        self.problems.append(
            Problem(self.rel(path), max(line, 1), max(col, 1), severity, message, hint)
        )

    def rel(self, path: Path | str) -> str:
        # Only the folder is resolved: a symlink is reported where it stands, not where it
        # points (which may be outside the project, e.g. /proc/self/environ).
        p = Path(path)
        try:
            return (p.parent.resolve() / p.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems))


def format_problems(problems: list[Problem], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], indent=2)
    if fmt == "github":
        return "\n".join(p.github() for p in problems)
    return "\n".join(p.text() for p in problems)
