"""All or nothing: `mkdocs build` writes into a fresh folder beside site_dir and swaps it in
only when the build succeeded, so a failed build never leaves a half-written site.

MkDocs cleans site_dir first and writes pages one by one; a template error on page 40, or
strict mode aborting after every page was written, would otherwise leave a site that looks
published but is broken. `mkdocs serve` keeps its own folder and is not affected.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from pathlib import Path

_STOPS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class SiteSwap:
    def __init__(self) -> None:
        self.final: Path | None = None
        self.staging: Path | None = None
        self._previous: dict[int, object] = {}

    def begin(self, site_dir: str) -> str:
        """Returns the folder to build into instead of `site_dir`."""
        final = Path(site_dir).resolve()
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a site is served to others
        self.final, self.staging = final, staging
        # mkdocs-macros ends a failed build with exit(), past MkDocs' build-error event: the
        # staging folder still goes when the process does.
        atexit.register(self.abandon)
        # A build stopped with SIGTERM or SIGHUP (a timeout, a cancelled CI job, a closed
        # terminal) would skip atexit.
        self._previous = {sig: signal.getsignal(sig) for sig in _STOPS}
        for sig, previous in self._previous.items():
            if previous in (signal.SIG_DFL, None):
                try:
                    signal.signal(sig, self._terminated)
                except ValueError:  # not the main thread: leave signals alone
                    break
        return str(staging)

    def _terminated(self, signum: int, frame: object) -> None:
        self.abandon()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    def _restore_signal(self) -> None:
        for sig in _STOPS:
            if signal.getsignal(sig) == self._terminated:
                signal.signal(sig, signal.SIG_DFL)

    def commit(self) -> str:
        """Puts the finished build in place of the old site; returns the final folder."""
        final, staging = self.final, self.staging
        assert final is not None and staging is not None
        self.final = self.staging = None
        atexit.unregister(self.abandon)
        self._restore_signal()
        old = None
        if final.is_symlink() or (final.exists() and not final.is_dir()):
            final.unlink()
        elif final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
            os.rename(final, old / final.name)
        os.rename(staging, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return str(final)

    def abandon(self) -> str | None:
        """Drops a failed build; the old site, if any, stays as it was."""
        final, staging = self.final, self.staging
        self.final = self.staging = None
        atexit.unregister(self.abandon)
        self._restore_signal()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        return str(final) if final is not None else None
