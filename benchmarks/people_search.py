"""How fast is the people search box on a county-sized registry?

Fills a temporary SQLite database (migrated like a real one) with 100,000 people spread
over 20 stations, then runs each kind of query the search box understands many times and
prints the median time per query. Run: ``uv run python benchmarks/people_search.py``
(``--people N`` for another size, ``--repeat N`` for more samples).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import migrate
from core.db import make_engine
from core.orgs.models import OrgType, OrgUnit
from core.people.identity_numbers import make_resident_id
from core.people.models import Person
from core.people.search import search_people
from core.people.validation import clean_person
from core.plugins import PluginHost

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬建国文辉力永健世广志义兴良海山仁波宁贵福生龙元全胜学祥才发武新利清飞彪富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
REGION = "371481"  # 乐陵市
STATIONS = 20
CHUNK = 5_000


def build(url: str, people: int, seed: int) -> tuple[list[dict], int]:
    """Create the schema and the people; return a sample of rows and the bureau's id."""
    engine = make_engine(url)
    migrate.upgrade(engine, PluginHost().load([]))
    rng = random.Random(seed)
    with Session(engine) as session:
        bureau = OrgUnit(name="乐陵市司法局", type=OrgType.BUREAU, path="/1/", depth=0)
        session.add(bureau)
        session.flush()
        bureau.path = f"/{bureau.id}/"
        stations = []
        for n in range(STATIONS):
            station = OrgUnit(
                name=f"第{n + 1}司法所", type=OrgType.STATION, parent_id=bureau.id, depth=1
            )
            session.add(station)
            session.flush()
            station.path = f"{bureau.path}{station.id}/"
            stations.append(station.id)
        session.commit()
        bureau_id = bureau.id

    rows: list[dict] = []
    started = time.perf_counter()
    first_day = date(1940, 1, 1)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for i in range(people):
            # (day, sequence) is unique per i, so every identity number is unique.
            birth = first_day + timedelta(days=i % 20_000)
            number = make_resident_id(REGION, birth, i // 20_000, rng.random() < 0.5)
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))
            fields = clean_person(
                {
                    "name": name,
                    "id_type": "resident_id",
                    "id_number": number,
                    "phone": f"13{i:09d}",
                    "address": "山东省乐陵市",
                }
            )
            rows.append(
                {
                    **fields,
                    "org_id": rng.choice(stations),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if len(rows) % CHUNK == 0:
                conn.execute(insert(Person), rows[-CHUNK:])
        rest = len(rows) % CHUNK
        if rest:
            conn.execute(insert(Person), rows[-rest:])
    print(f"inserted {people:,} people in {time.perf_counter() - started:.1f} s")
    engine.dispose()
    return rows, bureau_id


def median_ms(run: Callable[[str], object], queries: list[str]) -> float:
    timings = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="gather planner statistics (ANALYZE) before searching",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        rows, bureau_id = build(url, args.people, args.seed)
        engine = make_engine(url)
        rng = random.Random(args.seed + 1)
        sample = rng.sample(rows, args.repeat)
        with Session(engine) as session:
            if args.analyze:
                session.execute(text("ANALYZE"))
                session.commit()
            path = session.get(OrgUnit, bureau_id).path  # type: ignore[union-attr]
            everywhere = select(OrgUnit.id).where(OrgUnit.path.startswith(path))  # type: ignore[attr-defined]
            one_station = select(OrgUnit.id).where(OrgUnit.id == rows[0]["org_id"])

            def searcher(scope):
                def run(query: str) -> object:
                    return search_people(session, query, org_ids_select=scope, limit=20)

                return run

            kinds = {
                "name (full name)": [r["name"] for r in sample],
                "name (given-name fragment)": [r["name"][1:] for r in sample],
                "name (surname only)": [r["name"][0] for r in sample],
                "pinyin initials": [r["pinyin_initials"] for r in sample],
                "full pinyin": [r["full_pinyin"] for r in sample],
                "resident id (exact)": [r["id_number"] for r in sample],
                "phone (exact)": [r["phone"] for r in sample],
            }
            searcher(everywhere)(sample[0]["name"])  # warm the page cache
            stats = "with" if args.analyze else "without"
            print(
                f"median of {args.repeat} queries each (page of 20 + total count), "
                f"{stats} ANALYZE statistics:"
            )
            print(f"{'query kind':30} {'bureau scope':>14} {'one station':>13}")
            for kind, queries in kinds.items():
                bureau_ms = median_ms(searcher(everywhere), queries)
                station_ms = median_ms(searcher(one_station), queries)
                print(f"{kind:30} {bureau_ms:11.2f} ms {station_ms:10.2f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
