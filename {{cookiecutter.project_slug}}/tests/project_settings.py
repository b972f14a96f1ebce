"""The project's settings as a fresh process computes them from its environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def project_setting(name: str, **env: str):
    """``settings.<name>`` as ``config.settings`` computes it in a new process, with ``env`` added to
    this one's environment (a variable set, even to nothing, wins over a value in ``.env``)."""
    code = f"import json; from django.conf import settings; print(json.dumps(settings.{name}, default=str))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_SECRET_KEY": "k" * 50, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)
