"""Which release of the code is running: named in the backup's manifest, checked on restore.

The deployment sets RELEASE (docs/operations.md: the release directory's name, which is the
git tag or commit). Without it, a git checkout names itself (`git describe`); otherwise the
package's version is all there is.
"""

import subprocess
from importlib import metadata
from pathlib import Path

from django.conf import settings


def current() -> str:
    if settings.RELEASE:
        return settings.RELEASE
    described = _git_describe(Path(settings.BASE_DIR))
    if described:
        return described
    try:
        return metadata.version("vimmerby-intl")
    except metadata.PackageNotFoundError:
        return "unknown"


def _git_describe(directory: Path) -> str:
    if not (directory / ".git").exists():
        return ""
    try:
        result = subprocess.run(
            ["git", "-C", str(directory), "describe", "--always", "--dirty", "--tags"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""
