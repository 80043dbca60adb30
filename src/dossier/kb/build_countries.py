"""Write ``dossier/data/kb/countries.yaml``: every state and territory, reproducibly.

Run ``python -m dossier.kb.build_countries`` after editing
``dossier/data/kb/sources/countries_curated.yaml`` or upgrading babel/pycountry. Inputs:

- pycountry (ISO 3166-1): the 249 codes, alpha-2/alpha-3, ISO English names;
- babel (CLDR): territory names in every language of ``languages:`` in the curated file;
- the curated file: Wikidata ids, dependencies, hand variants, demonyms, user-assigned codes.

The runtime never runs this: it only reads the file it writes. ``render()`` is pure (same
inputs, same text), which the tests use to check the committed file is up to date.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import babel
import pycountry
import yaml
from babel import Locale

CURATED = "sources/countries_curated.yaml"
OUTPUT = "countries.yaml"

_PAREN = re.compile(r"^(.*?)\s*\((.+)\)$")


def french_forms(spec: str) -> list[str]:
    """Expand "américain/américaine" to adjectives (m, f, m pl, f pl), then capitalised nouns."""
    parts = [p.strip() for p in spec.split("/") if p.strip()]
    singular = parts if len(parts) > 1 else parts[:1]
    forms: list[str] = []
    for word in singular:
        forms.append(word)
        forms.append(_french_plural(word))
    adjectives = list(dict.fromkeys(forms))
    nouns = [_capitalise(w) for w in adjectives]
    return list(dict.fromkeys(adjectives + nouns))


def _french_plural(word: str) -> str:
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


def _capitalise(word: str) -> str:
    # Compound demonyms capitalise each part: Nord-Coréens, Sud-Africaines.
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _name_variants(name: str) -> list[str]:
    """CLDR writes "Myanmar (Burma)" and "Congo - Kinshasa": keep it and its simpler forms.

    Only the part before a parenthesis is kept: the part inside is sometimes another name
    (Burma) but as often a qualifier ("(China)", "(U.S.)") that names another state.
    """
    variants = [name]
    m = _PAREN.match(name)
    if m:
        variants.append(m.group(1))
    if " - " in name:
        variants.append(name.replace(" - ", "-"))
    if "&" in name:
        variants.append(name.replace("&", "and"))
    return variants


def _display_name(cldr: str) -> str:
    """CLDR's "Myanmar (Burma)" → "Myanmar", "St. Kitts & Nevis" → "St. Kitts and Nevis"."""
    m = _PAREN.match(cldr)
    name = m.group(1) if m else cldr
    return name.replace(" & ", " and ")


def _read_curated(path: Path | None) -> dict[str, Any]:
    if path is None:
        ref = resources.files("dossier") / "data" / "kb" / CURATED
        data: Any = yaml.safe_load(ref.read_text(encoding="utf-8"))
    else:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("states"), dict):
        raise SystemExit(f"{CURATED}: expected 'languages' and 'states' mappings")
    return data


def build_entries(curated: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One mapping per ISO 3166-1 code, then the curated user-assigned codes (XKX)."""
    locales = {lang: Locale.parse(lang) for lang in curated["languages"]}
    states: Mapping[str, Mapping[str, Any]] = curated["states"]
    iso = {c.alpha_3: c for c in pycountry.countries}
    extra = sorted(code for code in states if code not in iso)
    entries = []
    for alpha3 in sorted(iso) + extra:
        hand = states.get(alpha3, {})
        country = iso.get(alpha3)
        alpha2 = country.alpha_2 if country is not None else str(hand["alpha2"])
        names = _names(alpha2, locales, country)
        name = str(hand.get("name") or _display_name(names["en"][0]))
        entry: dict[str, Any] = {"id": alpha3, "kind": "state", "name": name}
        entry["alpha2"] = alpha2
        entry["country"] = alpha3
        if hand.get("wikidata"):
            entry["wikidata"] = str(hand["wikidata"])
        if hand.get("dependency_of"):
            entry["dependency_of"] = str(hand["dependency_of"])
        entry["names"] = {lang: v[0] if len(v) == 1 else v for lang, v in names.items()}
        aliases = [a for a in hand.get("aliases", []) if a != name]
        if aliases:
            entry["aliases"] = list(dict.fromkeys(aliases))
        demonyms = _demonyms(hand.get("demonyms") or {})
        if demonyms:
            entry["demonyms"] = demonyms
        for key in ("sector", "note"):
            if hand.get(key):
                entry[key] = hand[key]
        entries.append(entry)
    return entries


def _names(alpha2: str, locales: Mapping[str, Locale], country: Any) -> dict[str, list[str]]:
    """CLDR names per language; the English list gets ISO's names too (not "X, Republic of")."""
    names: dict[str, list[str]] = {}
    for lang, locale in locales.items():
        cldr = locale.territories.get(alpha2)
        if cldr:
            names[lang] = _name_variants(cldr)
    if country is not None:
        for attr in ("name", "common_name", "official_name"):
            extra_name = getattr(country, attr, None)
            if extra_name and "," not in extra_name and extra_name not in names["en"]:
                names["en"].append(extra_name)
    return names


def _demonyms(hand: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    if hand.get("en"):
        result["en"] = list(hand["en"])
    if hand.get("fr"):
        forms: list[str] = []
        for spec in hand["fr"]:
            forms.extend(f for f in french_forms(spec) if f not in forms)
        result["fr"] = forms
    return result


HEADER = """\
# GENERATED by `python -m dossier.kb.build_countries` — do not edit by hand.
# Edit sources/countries_curated.yaml (Wikidata ids, variants, demonyms, dependencies) and
# rerun the script. Names in `names` are CLDR territory names (babel); the English list also
# has ISO 3166-1's names (pycountry). Format: README.md in this folder.
"""


def render(curated_path: Path | None = None) -> str:
    """The full text of countries.yaml for the installed babel and pycountry."""
    curated = _read_curated(curated_path)
    entries = build_entries(curated)
    for entry in entries:
        entry.pop("kind")  # the file's defaults say it once
    document: dict[str, Any] = {
        "version": 1,
        "generated": {
            "by": "dossier.kb.build_countries",
            "babel": babel.__version__,
            "cldr": _cldr_version(),
            "pycountry": _pycountry_version(),
        },
        "defaults": {"kind": "state"},
        "entries": entries,
    }
    body = yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    return HEADER + body


def _cldr_version() -> str:
    info: Any = babel.core.get_global("cldr")
    return str(info.get("version", "")) if isinstance(info, Mapping) else str(info)


def _pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0]) if args else Path(str(resources.files("dossier") / "data" / "kb" / OUTPUT))
    text = render()
    out.write_text(text, encoding="utf-8")
    print(
        f"wrote {out} ({len(text.encode()) // 1024} KiB, {text.count(chr(10) + '- id:')} entries)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
