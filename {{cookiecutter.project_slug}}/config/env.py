"""Read typed settings from environment variables, with errors that name the variable."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def env_str(name: str, default: str | None = None) -> str:
    """The variable's text; an empty value counts as unset."""
    value = os.environ.get(name) or default
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} (see README, Configuration).")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use true or false.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None


def env_url(name: str, default: str) -> str:
    """A URL; ``default`` when the variable is unset. Set but empty is an error, not the default:
    it is a half-edited ``.env`` more often than a wish for the default."""
    value = os.environ.get(name, default).strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is set but empty; give it a URL, or unset it to use {default}.")
    return value


def env_list(name: str, default: str) -> list[str]:
    """A comma-separated list; blanks around items are ignored."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
