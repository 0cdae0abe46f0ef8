"""Demo records (演示数据): responsible units, approved yearly plans, several months of events,
法律明白人 with training records, culture sites and model villages, and a bureau's own key date.

Written through the plugin's services so validation and the due items apply as in real use.
Dates are relative to the day the demo is made (about the last nine months), so the current
quarter has figures and some units are behind plan (amber/red); ``seed`` makes two runs equal.
Villages are given 0–5 backbones so coverage shows red, amber and green.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session, col, select

from core.api import OrgType, OrgUnit, subtree_predicate

from .codes import BackboneRole, EventFormat, SiteKind
from .models import PublicityKeyDate, PublicityUnit
from .services.events import save_event
from .services.plans import approve_plan, save_plan, submit_plan
from .services.units import save_unit
from .services.villages import add_log, save_backbone, save_model_village, save_site

COUNTY_UNITS = (
    ("乐陵市人民法院", "court", "民法典\n民事诉讼法\n行政诉讼法"),
    ("乐陵市公安局", "police", "治安管理处罚法\n道路交通安全法\n反电信网络诈骗法\n禁毒法"),
    ("乐陵市人力资源和社会保障局", "gov_dept", "劳动法\n劳动合同法\n保障农民工工资支付条例"),
    ("乐陵市市场监督管理局", "gov_dept", "消费者权益保护法\n食品安全法\n产品质量法"),
    ("司法局普法与依法治理科", "bureau_dept", "宪法\n民法典\n法律援助法\n人民调解法"),
)
TOPICS = (
    ("宪法进万家", "宪法", "村(居)民"),
    ("民法典与百姓生活", "民法典", "村(居)民"),
    ("防范电信网络诈骗", "反电信网络诈骗法", "老年人"),
    ("农民工讨薪维权", "保障农民工工资支付条例", "农民工"),
    ("未成年人保护法进校园", "未成年人保护法", "青少年学生"),
    ("以案释法：宅基地纠纷", "民法典", "村(居)民"),
    ("国家安全教育", "国家安全法", "社会公众"),
)
FORMATS = [f.value for f in EventFormat if f != EventFormat.OTHER]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林"
GIVEN = "建国秀英志强桂兰玉梅国庆海燕春生红霞德胜淑珍"
BACKGROUNDS = ("村干部", "人民调解员", "网格员", "妇联执委", "五老", "党员", "村民小组长")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN[::2]) + rng.choice(GIVEN[1::2])


def fill_demo(session: Session, bureau_id: int, seed: int, today: date | None = None) -> None:
    """Idempotent: does nothing when the bureau already has publicity units."""
    rng = random.Random(seed)
    today = today or date.today()
    bureau = session.get(OrgUnit, bureau_id)
    if bureau is None or session.exec(select(PublicityUnit.id).limit(1)).first():
        return
    stations = list(
        session.exec(
            select(OrgUnit)
            .where(subtree_predicate(bureau), OrgUnit.type == OrgType.STATION)
            .order_by(OrgUnit.path)
        ).all()
    )
    units = [
        save_unit(session, {"name": n, "kind": k, "laws": laws}, org_id=bureau_id)
        for n, k, laws in COUNTY_UNITS
    ]
    units += [
        save_unit(
            session,
            {
                "name": f"{s.name}",
                "kind": "station",
                "laws": "宪法\n民法典\n人民调解法\n社区矫正法",
            },
            org_id=s.id,
        )  # type: ignore[arg-type]
        for s in stations[:12]
    ]
    year = today.year
    start = max(date(year, 1, 1), today - timedelta(days=270))
    allow = lambda _org: True  # noqa: E731 — the demo writes for the whole bureau
    for index, unit in enumerate(units):
        quarters = [rng.choice((4, 5, 6)) for _ in range(4)]
        plan = save_plan(
            session,
            {
                "year": str(year),
                "themes": "宪法宣传周；民法典宣传月；以案释法",
                "audiences": "村(居)民、青少年学生",
                **{f"q{q + 1}": str(n) for q, n in enumerate(quarters)},
            },
            unit=unit,
            default_period="九五普法",
        )
        if index % 6 == 5:
            continue  # one in six still drafting: the approval queue has work
        submit_plan(
            session, plan, expected_version=plan.version, actor_id=None, today=date(year, 1, 5)
        )
        if index % 6 == 4:
            continue  # submitted, waiting for the bureau
        approve_plan(
            session, plan, expected_version=plan.version, actor_id=None, today=date(year, 1, 10)
        )
        diligence = rng.choice((0.5, 0.8, 1.0, 1.2))  # some units fall behind plan
        places = [unit.org_id, *[v.id for v in _villages(session, unit.org_id)][:6]]
        days = (today - start).days
        for _ in range(int(sum(quarters) * days / 365 * diligence)):
            held_on = start + timedelta(days=rng.randrange(max(days, 1)))
            title, law, audience = rng.choice(TOPICS)
            attendance = rng.randint(30, 300)
            save_event(
                session,
                {
                    "title": title,
                    "held_on": held_on.isoformat(),
                    "format": rng.choice(FORMATS),
                    "org_id": str(rng.choice(places)),
                    "theme": title,
                    "laws": law,
                    "audience": audience,
                    "attendance": str(attendance),
                    "consultations": str(rng.randint(0, attendance // 5)),
                    "materials": str(rng.randint(50, 800)),
                    "displays": str(rng.randint(0, 12)),
                    "online_reads": str(rng.choice((0, 0, rng.randint(200, 5000)))),
                    "satisfaction": str(rng.randint(85, 100)),
                },
                unit=unit,
                org_allowed=allow,
                today=today,
            )
    _villages_demo(session, rng, bureau, today)
    session.add(
        PublicityKeyDate(
            org_id=bureau_id,
            name="《乐陵市文明行为促进条例》施行纪念日",
            month=9,
            day=1,
            days=7,
            theme="文明行为促进",
            laws="乐陵市文明行为促进条例",
        )
    )
    session.flush()


def _villages(session: Session, org_id: int) -> list[OrgUnit]:
    org = session.get(OrgUnit, org_id)
    if org is None:
        return []
    return list(
        session.exec(
            select(OrgUnit)
            .where(
                subtree_predicate(org),
                OrgUnit.type == OrgType.COMMUNITY,
                col(OrgUnit.active).is_(True),
            )
            .order_by(OrgUnit.path)
            .limit(400)
        ).all()
    )


def _villages_demo(session: Session, rng: random.Random, bureau: OrgUnit, today: date) -> None:
    allow = lambda _org: True  # noqa: E731
    roles = [r.value for r in BackboneRole]
    for n, village in enumerate(_villages(session, bureau.id)[:120]):  # type: ignore[arg-type]
        for _ in range(rng.choice((0, 1, 2, 3, 3, 3, 4, 5))):
            backbone = save_backbone(
                session,
                {
                    "name": _name(rng),
                    "role": rng.choice(roles),
                    "background": rng.choice(BACKGROUNDS),
                    "org_id": str(village.id),
                    "phone": f"13{rng.randint(100000000, 999999999)}",
                    "appointed_on": (today - timedelta(days=rng.randint(100, 900))).isoformat(),
                },
                org_allowed=allow,
            )
            add_log(
                session,
                backbone,
                {
                    "kind": "training",
                    "held_on": (today - timedelta(days=rng.randint(10, 200))).isoformat(),
                    "summary": "法律明白人培训：民法典婚姻家庭编",
                    "hours": "3",
                },
                today,
            )
            if rng.random() < 0.5:
                add_log(
                    session,
                    backbone,
                    {
                        "kind": "activity",
                        "held_on": (today - timedelta(days=rng.randint(1, 90))).isoformat(),
                        "summary": "协助化解邻里纠纷一起",
                    },
                    today,
                )
        if rng.random() < 0.6:
            save_site(
                session,
                {
                    "name": f"{village.name}法治文化广场",
                    "kind": rng.choice([k.value for k in SiteKind]),
                    "org_id": str(village.id),
                },
                org_allowed=allow,
            )
        if n % 15 == 0:
            save_model_village(
                session,
                {
                    "org_id": str(village.id),
                    "level": rng.choice(("county", "city", "provincial")),
                    "awarded_on": date(today.year - 2, 6, 1).isoformat(),
                    "next_review_on": (today + timedelta(days=rng.randint(-10, 120))).isoformat(),
                },
                org_allowed=allow,
            )
