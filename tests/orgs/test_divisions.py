import gzip
from pathlib import Path

import pytest

from core.orgs.divisions import (
    Area,
    City,
    DivisionDataError,
    DivisionSource,
    Province,
    Street,
    UnknownDivision,
    default_source,
)

DATA = Path(__file__).resolve().parents[2] / "core" / "orgs" / "data"


@pytest.fixture(scope="module")
def source() -> DivisionSource:
    return DivisionSource()


# -- packaged data ------------------------------------------------------------------------


def test_whole_country_counts(source):
    assert len(source.provinces()) == 31
    assert len(source.cities()) == 342
    assert len(source.areas()) == 2978
    assert len(source.streets()) == 41352


def test_laoling(source):
    area = source.area("371481")
    assert area == Area(code="371481", name="乐陵市", city_code="3714", province_code="37")
    streets = source.streets_in_area("371481")
    assert len(streets) == 16
    for street in streets:
        assert isinstance(street, Street)
        assert len(street.code) == 9
        assert street.code.startswith("371481")
        assert street.area_code == "371481"
        assert street.city_code == "3714"
        assert street.province_code == "37"
    assert [s.code for s in streets] == sorted(s.code for s in streets)
    assert streets[0] == Street("371481001", "市中街道", "371481", "3714", "37")
    assert {"市中街道", "杨安镇", "寨头堡乡"} <= {s.name for s in streets}


def test_laoling_city_and_province(source):
    assert source.city("3714") == City(code="3714", name="德州市", province_code="37")
    assert source.province("37") == Province(code="37", name="山东省")
    assert "371481" in {a.code for a in source.areas_in_city("3714")}


def test_shandong(source):
    areas = source.areas_in_province("37")
    assert len(areas) == 151
    assert all(a.code.startswith("37") and a.province_code == "37" for a in areas)
    streets = source.streets_in_province("37")
    assert len(streets) == 1853
    assert sum(len(source.streets_in_area(a.code)) for a in areas) == 1853
    assert len(source.cities_in_province("37")) == 16


def test_codes_may_be_given_as_integers_or_with_spaces(source):
    assert source.area(371481).name == "乐陵市"
    assert source.province(" 37 ").name == "山东省"


def test_street_lookup(source):
    street = source.street("371481203")
    assert street.name == "寨头堡乡"


@pytest.mark.parametrize(
    ("method", "code"),
    [
        ("area", "371499"),
        ("province", "99"),
        ("city", "3799"),
        ("street", "371481999"),
        ("streets_in_area", "371499"),
        ("areas_in_province", "99"),
        ("areas_in_city", "3799"),
        ("cities_in_province", "99"),
        ("area", ""),
    ],
)
def test_unknown_code_raises_with_a_chinese_message(source, method, code):
    with pytest.raises(UnknownDivision) as caught:
        getattr(source, method)(code)
    error = caught.value
    assert isinstance(error, LookupError)
    assert error.code == code
    assert str(error) == f"未找到行政区划代码 {code}"
    assert error.message_en == f"Unknown administrative division code {code}"


def test_unknown_code_message_example(source):
    with pytest.raises(UnknownDivision, match=r"^未找到行政区划代码 371499$"):
        source.area("371499")


def test_results_are_immutable(source):
    assert isinstance(source.streets_in_area("371481"), tuple)
    with pytest.raises(AttributeError):
        source.area("371481").name = "x"  # type: ignore[misc]


def test_levels_are_loaded_lazily_and_cached():
    fresh = DivisionSource()
    fresh.province("37")
    assert set(fresh._cache) == {"provinces"}
    assert fresh.areas_in_province("37") is fresh.areas_in_province("37")
    assert "streets" not in fresh._cache


def test_loading_all_levels_gives_the_whole_country():
    """Speed is measured by benchmarks, not here (a loaded CI machine would flake)."""
    fresh = DivisionSource()
    fresh.load_all()
    assert len(fresh.streets()) == 41352


def test_default_source_is_shared():
    assert default_source() is default_source()
    assert default_source().area("371481").name == "乐陵市"


def test_packaged_files_are_reproducible_gzip():
    for stem in ("provinces", "cities", "areas", "streets"):
        packed = (DATA / f"{stem}.csv.gz").read_bytes()
        assert packed[4:8] == b"\0\0\0\0"  # mtime 0
        data = gzip.decompress(packed)
        assert gzip.compress(data, compresslevel=9, mtime=0) == packed


# -- data from a directory ----------------------------------------------------------------


def _write_tiny(directory: Path, *, gzipped: bool = False) -> None:
    files = {
        "provinces": 'code,name\n37,"山东省"\n',
        "cities": 'code,name,provinceCode\n3714,"德州市",37\n',
        "areas": 'code,name,cityCode,provinceCode\n371481,"乐陵市",3714,37\n371482,"禹城市",3714,37\n',
        "streets": (
            "code,name,areaCode,provinceCode,cityCode\n"
            '371481002,"胡家街道",371481,37,3714\n'
            '371481001,"市中街道",371481,37,3714\n'
            '371481300,"新设镇",371481,37,3714\n'
        ),
    }
    for stem, text in files.items():
        if gzipped:
            (directory / f"{stem}.csv.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
        else:
            (directory / f"{stem}.csv").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("gzipped", [False, True])
def test_reading_from_a_directory(tmp_path, gzipped):
    _write_tiny(tmp_path, gzipped=gzipped)
    source = DivisionSource(tmp_path)
    assert source.province("37").name == "山东省"
    assert [a.code for a in source.areas_in_province("37")] == ["371481", "371482"]
    streets = source.streets_in_area("371481")
    assert [s.code for s in streets] == ["371481001", "371481002", "371481300"]
    assert streets[-1].name == "新设镇"
    assert source.streets_in_area("371482") == ()
    with pytest.raises(UnknownDivision, match="未找到行政区划代码 371483"):
        source.area("371483")


def test_directory_as_string_path_and_bom(tmp_path):
    _write_tiny(tmp_path)
    areas = tmp_path / "areas.csv"
    areas.write_text(areas.read_text(encoding="utf-8"), encoding="utf-8-sig")
    assert DivisionSource(str(tmp_path)).area("371481").name == "乐陵市"


def test_missing_directory(tmp_path):
    with pytest.raises(DivisionDataError):
        DivisionSource(tmp_path / "nope")


def test_missing_file_is_reported_when_needed(tmp_path):
    _write_tiny(tmp_path)
    (tmp_path / "streets.csv").unlink()
    source = DivisionSource(tmp_path)
    assert source.area("371481").name == "乐陵市"
    with pytest.raises(DivisionDataError, match=r"streets\.csv"):
        source.streets_in_area("371481")


@pytest.mark.parametrize(
    "areas",
    [
        "code,name,provinceCode\n371481,乐陵市,37\n",  # missing cityCode column
        "code,name,cityCode,provinceCode\n37148,乐陵市,3714,37\n",  # 5-digit code
        "code,name,cityCode,provinceCode\n371481,乐陵市\n",  # short row
        "code,name,cityCode,provinceCode\n371481,乐陵市,3714,37\n371481,乐陵市,3714,37\n",
        "",
    ],
)
def test_malformed_files_are_refused(tmp_path, areas):
    _write_tiny(tmp_path)
    (tmp_path / "areas.csv").write_text(areas, encoding="utf-8")
    with pytest.raises(DivisionDataError):
        DivisionSource(tmp_path).area("371481")
