"""The README's two commands are the ones CI and users run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def quick_start_commands() -> list[str]:
    """The shell commands of the Quick start section."""
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_the_quick_start_has_exactly_two_commands_serve_and_test() -> None:
    serve, test = quick_start_commands()
    assert "serve --demo" in serve and "pip install" in serve
    assert test.endswith("pytest") and '".[dev]"' in test


def test_ci_runs_the_readme_test_command() -> None:
    _, test = quick_start_commands()
    assert test in (ROOT / ".ci" / "run").read_text().splitlines()
