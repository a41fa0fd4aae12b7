""".env.example names every setting eventsarb/settings.py reads from the environment."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_lists_every_environment_variable_the_settings_read():
    settings_src = (ROOT / "eventsarb" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.[a-z_]+)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_src))
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert read, "found no env reads in settings.py"
    assert read - listed == set()
