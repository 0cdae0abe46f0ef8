"""How imported organisations are named after the official divisions they serve.

A county-level area's bureau is the area's name + 司法局 (乐陵市 → 乐陵市司法局), a
township's station the township's name + 司法所 (杨安镇 → 杨安镇司法所); the division code
stays the official one. About thirty district names occur in more than one city (市中区 in
济南 and in 枣庄); their bureaus carry the city's name in front, as the real bureaus do
(济南市市中区司法局), so that bureaus imported as roots never share a name.

Villages and communities are not in the official data. Generated ones are named after their
township and their number: 杨安镇第1村, and 市中街道第1社区 under a street (街道).

Municipalities list their districts under pseudo-cities (市辖区, 县): their city bureau is
the municipality's (北京市司法局, code 1101; 重庆市's two pseudo-cities share one). Areas
directly under a province (省直辖县级行政区划) have no city bureau and stay roots.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from core.orgs.divisions import Area, DivisionSource, Street

__all__ = [
    "BUREAU_SUFFIX",
    "STATION_SUFFIX",
    "CityBureau",
    "Namer",
    "station_name",
    "village_name",
]

BUREAU_SUFFIX = "司法局"
PROVINCE_SUFFIX = "司法厅"
STATION_SUFFIX = "司法所"

#: City-level entries that are not cities: municipal districts and counties.
_MUNICIPAL_PSEUDO_CITIES = frozenset({"市辖区", "县"})
#: City-level entries grouping areas run directly by the province: no city bureau.
_DIRECT_PSEUDO_CITIES = frozenset({"省直辖县级行政区划", "自治区直辖县级行政区划"})


@dataclass(frozen=True, slots=True)
class CityBureau:
    """The city bureau an area's bureau hangs under (with ``--with-city``)."""

    code: str
    name: str


def station_name(street: Street) -> str:
    return f"{street.name}{STATION_SUFFIX}"


def village_name(street: Street, number: int) -> str:
    """The name of the *number*-th generated village (村) or, under a street, community (社区)."""
    unit = "社区" if "街道" in street.name else "村"
    return f"{street.name}第{number}{unit}"


class Namer:
    """Names bureaus and city bureaus from one division source."""

    def __init__(self, source: DivisionSource) -> None:
        self._source = source
        counts = Counter(area.name for area in source.areas())
        self._ambiguous = frozenset(name for name, count in counts.items() if count > 1)

    def _qualifier(self, area: Area) -> str:
        city = self._source.city(area.city_code)
        if city.name in _MUNICIPAL_PSEUDO_CITIES | _DIRECT_PSEUDO_CITIES:
            return self._source.province(area.province_code).name
        return city.name

    def province_department(self, province_code: str) -> tuple[str, str] | None:
        """``(code, name)`` of the province's department of justice (山东省司法厅), or
        ``None`` for a municipality (北京、上海、天津、重庆), whose city-level bureau
        (北京市司法局) is already the top of its tree."""
        cities = self._source.cities_in_province(province_code)
        if cities and all(c.name in _MUNICIPAL_PSEUDO_CITIES for c in cities):
            return None
        province = self._source.province(province_code)
        return province.code, f"{province.name}{PROVINCE_SUFFIX}"

    def bureau_name(self, area: Area) -> str:
        if area.name in self._ambiguous:
            return f"{self._qualifier(area)}{area.name}{BUREAU_SUFFIX}"
        return f"{area.name}{BUREAU_SUFFIX}"

    def city_bureau(self, area: Area) -> CityBureau | None:
        """The city bureau above *area*, or ``None`` for areas run by the province itself."""
        city = self._source.city(area.city_code)
        if city.name in _DIRECT_PSEUDO_CITIES:
            return None
        if city.name in _MUNICIPAL_PSEUDO_CITIES:
            first = min(
                c.code
                for c in self._source.cities_in_province(area.province_code)
                if c.name in _MUNICIPAL_PSEUDO_CITIES
            )
            province = self._source.province(area.province_code)
            return CityBureau(first, f"{province.name}{BUREAU_SUFFIX}")
        return CityBureau(city.code, f"{city.name}{BUREAU_SUFFIX}")
