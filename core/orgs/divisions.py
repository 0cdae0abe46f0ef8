"""Official administrative division codes (统计用区划代码) of mainland China.

The codes are shipped inside this package as gzipped CSV files (see ``data/README.md``:
modood/Administrative-divisions-of-China, 2022-10-31, WTFPL), so nothing outside the
installed package is needed at run time. A newer release of the same data can be read from
a directory instead (``DivisionSource(path)``, for a ``--file PATH`` option).

Levels and code lengths::

    province (省级)   2 digits  37         山东省
    city     (地级)   4 digits  3714       德州市
    area     (县级)   6 digits  371481     乐陵市      — one 司法局 each
    street   (乡级)   9 digits  371481001  市中街道    — one 司法所 each

Files are read lazily, one level at a time, on first use, and then cached on the
``DivisionSource`` instance. ``default_source()`` returns a shared instance over the
packaged data.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Generic, TypeVar

__all__ = [
    "DATA_DATE",
    "Area",
    "City",
    "DivisionDataError",
    "DivisionSource",
    "Province",
    "Street",
    "UnknownDivision",
    "default_source",
]

#: Date of the packaged statistical division codes.
DATA_DATE = "2022-10-31"


@dataclass(frozen=True, slots=True)
class Province:
    """省级行政区 — 2-digit code."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class City:
    """地级行政区 — 4-digit code."""

    code: str
    name: str
    province_code: str


@dataclass(frozen=True, slots=True)
class Area:
    """县级行政区 (区/县/县级市) — 6-digit code; one judicial bureau (司法局) each."""

    code: str
    name: str
    city_code: str
    province_code: str


@dataclass(frozen=True, slots=True)
class Street:
    """乡级行政区 (乡/镇/街道) — 9-digit code; one judicial station (司法所) each."""

    code: str
    name: str
    area_code: str
    city_code: str
    province_code: str


class UnknownDivision(LookupError):
    """A division code that the data does not contain."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = f"未找到行政区划代码 {code}"
        self.message_en = f"Unknown administrative division code {code}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class DivisionDataError(ValueError):
    """A division CSV file is missing or not in the expected format."""


# --------------------------------------------------------------------------------------
# Reading the files

_FILES = {
    "provinces": ("code", "name"),
    "cities": ("code", "name", "provinceCode"),
    "areas": ("code", "name", "cityCode", "provinceCode"),
    "streets": ("code", "name", "areaCode", "provinceCode", "cityCode"),
}

_CODE_LENGTH = {"provinces": 2, "cities": 4, "areas": 6, "streets": 9}


def _packaged_bytes(stem: str) -> bytes:
    resource = resources.files("core.orgs").joinpath("data").joinpath(f"{stem}.csv.gz")
    return gzip.decompress(resource.read_bytes())


def _directory_bytes(directory: Path, stem: str) -> bytes:
    plain = directory / f"{stem}.csv"
    if plain.is_file():
        return plain.read_bytes()
    packed = directory / f"{stem}.csv.gz"
    if packed.is_file():
        return gzip.decompress(packed.read_bytes())
    raise DivisionDataError(f"在 {directory} 中未找到 {stem}.csv 或 {stem}.csv.gz")


def _rows(data: bytes, stem: str, origin: str) -> Iterator[tuple[str, ...]]:
    """Yield the expected columns of each row, in the order of ``_FILES[stem]``."""
    wanted = _FILES[stem]
    length = _CODE_LENGTH[stem]
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader, None)
    if header is None:
        raise DivisionDataError(f"{origin}: 文件为空（缺少表头）")
    header = [column.strip() for column in header]
    missing = [column for column in wanted if column not in header]
    if missing:
        raise DivisionDataError(f"{origin}: 缺少列 {', '.join(missing)}（表头为 {header}）")
    positions = [header.index(column) for column in wanted]
    width = max(positions) + 1
    for line_number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) < width:
            raise DivisionDataError(f"{origin} 第 {line_number} 行: 列数不足")
        values = tuple(row[i].strip() for i in positions)
        code = values[0]
        if len(code) != length or not code.isascii() or not code.isdigit():
            raise DivisionDataError(
                f"{origin} 第 {line_number} 行: 代码 {code!r} 应为 {length} 位数字"
            )
        yield values


_T = TypeVar("_T")

#: For each level, the parent fields its items are grouped by.
_PARENT_FIELDS: dict[str, tuple[str, ...]] = {
    "provinces": (),
    "cities": ("province_code",),
    "areas": ("city_code", "province_code"),
    "streets": ("area_code", "province_code"),
}


@dataclass(frozen=True, slots=True)
class _Level(Generic[_T]):
    """One loaded level: items by code (sorted), and children by parent field and code."""

    by_code: dict[str, _T]
    children: dict[str, dict[str, tuple[_T, ...]]]

    def get(self, code: str | int) -> _T:
        key = _normalise_code(code)
        try:
            return self.by_code[key]
        except KeyError:
            raise UnknownDivision(key) from None

    def under(self, field: str, parent: str) -> tuple[_T, ...]:
        return self.children[field].get(parent, ())


def _normalise_code(code: str | int) -> str:
    return str(code).strip()


class DivisionSource:
    """Lookup over the four division levels.

    ``DivisionSource()`` reads the data packaged with sifa. ``DivisionSource(path)`` reads
    ``provinces``, ``cities``, ``areas`` and ``streets`` as ``.csv`` or ``.csv.gz`` files
    (same columns as the packaged ones) from the directory *path*. Each level is loaded on
    first use and cached; instances are safe to share between threads.

    Lookups of a single code raise :class:`UnknownDivision`; listings return tuples sorted
    by code (empty when the parent exists but has no children).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._directory = Path(path) if path is not None else None
        if self._directory is not None and not self._directory.is_dir():
            raise DivisionDataError(f"行政区划数据目录不存在：{self._directory}")
        self._lock = threading.RLock()
        self._cache: dict[str, Any] = {}

    def __repr__(self) -> str:
        where = str(self._directory) if self._directory else f"packaged {DATA_DATE}"
        return f"DivisionSource({where})"

    @property
    def origin(self) -> str:
        """Where the data comes from: a directory, or the packaged release."""
        if self._directory is not None:
            return str(self._directory)
        return f"core.orgs/data ({DATA_DATE})"

    # -- loading -----------------------------------------------------------------------

    def _read(self, stem: str) -> Iterator[tuple[str, ...]]:
        if self._directory is None:
            data, origin = _packaged_bytes(stem), f"core.orgs/data/{stem}.csv.gz"
        else:
            data, origin = _directory_bytes(self._directory, stem), str(self._directory / stem)
        return _rows(data, stem, origin)

    def _cached(self, key: str, build: Callable[[], _T]) -> _T:
        try:
            return self._cache[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._cache:
                self._cache[key] = build()
            return self._cache[key]

    def _level(self, stem: str, make: Callable[..., _T]) -> _Level[_T]:
        def build() -> _Level[_T]:
            by_code: dict[str, _T] = {}
            for values in self._read(stem):
                if values[0] in by_code:
                    raise DivisionDataError(f"{self.origin} {stem}: 代码 {values[0]} 重复")
                by_code[values[0]] = make(*values)
            by_code = dict(sorted(by_code.items()))
            children: dict[str, dict[str, list[_T]]] = {f: {} for f in _PARENT_FIELDS[stem]}
            for item in by_code.values():
                for field, groups in children.items():
                    groups.setdefault(getattr(item, field), []).append(item)
            return _Level(
                by_code=by_code,
                children={
                    field: {parent: tuple(items) for parent, items in groups.items()}
                    for field, groups in children.items()
                },
            )

        return self._cached(stem, build)

    def _provinces(self) -> _Level[Province]:
        return self._level("provinces", Province)

    def _cities(self) -> _Level[City]:
        return self._level("cities", City)

    def _areas(self) -> _Level[Area]:
        return self._level("areas", Area)

    def _streets(self) -> _Level[Street]:
        # CSV column order is code, name, areaCode, provinceCode, cityCode.
        def make(code: str, name: str, area: str, province: str, city: str) -> Street:
            return Street(code, name, area, city, province)

        return self._level("streets", make)

    def load_all(self) -> None:
        """Load and index every level now (otherwise each is loaded on first use)."""
        self._provinces()
        self._cities()
        self._areas()
        self._streets()

    # -- provinces ---------------------------------------------------------------------

    def provinces(self) -> tuple[Province, ...]:
        return tuple(self._provinces().by_code.values())

    def province(self, code: str | int) -> Province:
        return self._provinces().get(code)

    # -- cities ------------------------------------------------------------------------

    def cities(self) -> tuple[City, ...]:
        return tuple(self._cities().by_code.values())

    def city(self, code: str | int) -> City:
        return self._cities().get(code)

    def cities_in_province(self, code: str | int) -> tuple[City, ...]:
        province = self.province(code)
        return self._cities().under("province_code", province.code)

    # -- areas -------------------------------------------------------------------------

    def areas(self) -> tuple[Area, ...]:
        return tuple(self._areas().by_code.values())

    def area(self, code: str | int) -> Area:
        return self._areas().get(code)

    def areas_in_province(self, code: str | int) -> tuple[Area, ...]:
        province = self.province(code)
        return self._areas().under("province_code", province.code)

    def areas_in_city(self, code: str | int) -> tuple[Area, ...]:
        city = self.city(code)
        return self._areas().under("city_code", city.code)

    # -- streets -----------------------------------------------------------------------

    def streets(self) -> tuple[Street, ...]:
        return tuple(self._streets().by_code.values())

    def street(self, code: str | int) -> Street:
        return self._streets().get(code)

    def streets_in_area(self, code: str | int) -> tuple[Street, ...]:
        area = self.area(code)
        return self._streets().under("area_code", area.code)

    def streets_in_province(self, code: str | int) -> tuple[Street, ...]:
        province = self.province(code)
        return self._streets().under("province_code", province.code)


@functools.cache
def default_source() -> DivisionSource:
    """The shared :class:`DivisionSource` over the packaged data."""
    return DivisionSource()
