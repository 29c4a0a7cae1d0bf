"""Message catalogue: Danish by default, English available.

Messages live in `app/locales/<area>.yaml`, each key with its Danish and English text side by side:

    home.title:
      da: Klyngemøde
      en: Cluster meeting

`t("home.title", "en")` looks one up; `{name}` placeholders are filled from keyword arguments.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    messages: dict[str, dict[str, str]] = {}
    yaml = YAML(typ="safe")
    for path in sorted(LOCALES.glob("*.yaml")):
        for key, texts in (yaml.load(path.read_text(encoding="utf-8")) or {}).items():
            if key in messages:
                raise ValueError(f"{path.name}: message key '{key}' is defined twice")
            messages[key] = {lang: str(text) for lang, text in texts.items()}
    return messages


def t(key: str, lang: str | None = None, /, **params: object) -> str:
    """The message `key` in `lang` (Danish when unknown), with `params` filled in."""
    texts = catalogue().get(key)
    if texts is None:
        return key
    text = texts.get(lang or DEFAULT_LANGUAGE) or texts.get(DEFAULT_LANGUAGE) or key
    return text.format(**params) if params else text


def missing_translations() -> list[str]:
    """Keys that lack a text in one of the languages (a test keeps this empty)."""
    return [f"{key}: {lang}" for key, texts in catalogue().items() for lang in LANGUAGES if not texts.get(lang)]
