"""A generated 乐陵市 month for the planner's acceptance test and benchmark (pure values).

16 real stations of 乐陵市 (division codes 371481001–203), villages generated under each,
31 pilot clinics spread over the stations, 12 providers based at stations, each with a few
random unavailable days. Deterministic by seed.
"""

from __future__ import annotations

import random
from datetime import time

from clinic.planner import ClinicSpec, ProviderSpec, month_days

__all__ = ["LELING_STATIONS", "leling_clinics", "leling_providers"]

LELING_STATIONS = (
    "市中街道",
    "胡家街道",
    "云红街道",
    "郭家街道",
    "杨安镇",
    "朱集镇",
    "黄夹镇",
    "丁坞镇",
    "花园镇",
    "郑店镇",
    "化楼镇",
    "孔镇",
    "铁营镇",
    "西段乡",
    "大孙乡",
    "寨头堡乡",
)
VILLAGE_WORDS = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭"


def leling_clinics(rng: random.Random, count: int = 31) -> list[ClinicSpec]:
    """*count* pilot clinics, about two per station, each in a generated village."""
    clinics = []
    for index in range(count):
        station = index % len(LELING_STATIONS) + 1
        village = f"{rng.choice(VILLAGE_WORDS)}{rng.choice(VILLAGE_WORDS)}村"
        morning = rng.random() < 0.7
        clinics.append(
            ClinicSpec(
                id=index + 1,
                name=f"{LELING_STATIONS[station - 1]}{village}法律服务诊室",
                station_id=station,
                sessions=2,
                preferred_weekday=rng.choice([None, None, None, 0, 1, 2, 3, 4]),
                starts_at=time(9) if morning else time(14, 30),
                ends_at=time(11, 30) if morning else time(17),
            )
        )
    return clinics


def leling_providers(
    rng: random.Random, year: int, month: int, count: int = 12, days_off: int = 4
) -> list[ProviderSpec]:
    """*count* providers, one per station for the first twelve, with random days off."""
    days = month_days(year, month)
    return [
        ProviderSpec(
            id=index + 1,
            name=f"{SURNAMES[index % len(SURNAMES)]}律师",
            station_id=index % len(LELING_STATIONS) + 1,
            max_sessions=8,
            unavailable=frozenset(rng.sample(days, days_off)),
        )
        for index in range(count)
    ]
