"""Offence type (犯罪类型) as a core code list: the ten chapters of the Criminal Law's
specific part (刑法分则), which the statistics on community corrections count by.

The offence itself (罪名, e.g. "危险驾驶罪") stays as the judgment words it; the type is what
reports group by. A form that leaves the type empty gets it from the offence's words
(:func:`guess`, the same keywords the ``corrections0005`` migration used for records entered
before the list existed); an offence the keywords do not know stays unclassified ("") until
someone picks a type. A bureau can add a local entry or switch one off for its subtree.
"""

from __future__ import annotations

from sqlmodel import Session

from core.api import N_, CodeEntry, CodeList, UnknownCodeList, code_choices, code_label

__all__ = ["CODE_LIST", "KEYWORDS", "choices", "clean", "code_list", "guess", "label"]

CODE_LIST = "corrections.offence_type"


def code_list() -> CodeList:
    return CodeList(
        CODE_LIST,
        "犯罪类型",
        "Offence type",
        (
            CodeEntry("national_security", "危害国家安全罪", "Endangering national security", 10),
            CodeEntry("public_safety", "危害公共安全罪", "Endangering public safety", 20),
            CodeEntry(
                "market_order",
                "破坏社会主义市场经济秩序罪",
                "Undermining the socialist market economic order",
                30,
            ),
            CodeEntry(
                "person_rights",
                "侵犯公民人身权利、民主权利罪",
                "Infringing citizens' personal and democratic rights",
                40,
            ),
            CodeEntry("property", "侵犯财产罪", "Property offences", 50),
            CodeEntry(
                "social_order",
                "妨害社会管理秩序罪",
                "Obstructing the administration of public order",
                60,
            ),
            CodeEntry("national_defence", "危害国防利益罪", "Endangering national defence", 70),
            CodeEntry("corruption", "贪污贿赂罪", "Embezzlement and bribery", 80),
            CodeEntry("dereliction", "渎职罪", "Dereliction of duty", 90),
            CodeEntry("military", "军人违反职责罪", "Servicemen's breach of duty", 100),
        ),
        description_zh="刑法分则十章；罪名按判决书原文记录，类型用于统计分组。",
    )


#: (type, words in the offence) in the order they are tried: the first match wins, so the
#: frauds of chapter 3 (合同诈骗, 信用卡诈骗…) come before 诈骗 of chapter 5.
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "market_order",
        (
            "合同诈骗",
            "信用卡诈骗",
            "集资诈骗",
            "贷款诈骗",
            "保险诈骗",
            "票据诈骗",
            "骗取贷款",
            "非法吸收公众存款",
            "非法经营",
            "虚开",
            "走私",
            "生产、销售",
            "生产销售",
            "假冒注册商标",
            "销售假冒",
            "侵犯著作权",
            "逃税",
            "串通投标",
            "洗钱",
            "伪造货币",
            "假币",
        ),
    ),
    ("corruption", ("贪污", "受贿", "行贿", "挪用公款", "巨额财产来源不明", "私分国有资产")),
    ("dereliction", ("滥用职权", "玩忽职守", "徇私枉法", "徇私舞弊", "泄露国家秘密")),
    (
        "public_safety",
        (
            "危险驾驶",
            "交通肇事",
            "失火",
            "放火",
            "爆炸",
            "投放危险物质",
            "以危险方法",
            "枪支",
            "弹药",
            "重大责任事故",
            "危险作业",
        ),
    ),
    (
        "property",
        (
            "盗窃",
            "诈骗",
            "抢劫",
            "抢夺",
            "敲诈勒索",
            "故意毁坏财物",
            "职务侵占",
            "挪用资金",
            "侵占",
            "拒不支付劳动报酬",
            "破坏生产经营",
        ),
    ),
    (
        "person_rights",
        (
            "故意伤害",
            "故意杀人",
            "过失致人",
            "非法拘禁",
            "强奸",
            "猥亵",
            "绑架",
            "拐卖",
            "侮辱",
            "诽谤",
            "非法侵入住宅",
            "侵犯公民个人信息",
            "虐待",
            "遗弃",
            "重婚",
        ),
    ),
    (
        "social_order",
        (
            "寻衅滋事",
            "聚众斗殴",
            "开设赌场",
            "赌博",
            "妨害公务",
            "袭警",
            "非法采矿",
            "污染环境",
            "非法狩猎",
            "非法捕捞",
            "滥伐林木",
            "盗伐林木",
            "非法占用农用地",
            "帮助信息网络",
            "掩饰、隐瞒",
            "掩饰隐瞒",
            "毒品",
            "吸毒",
            "卖淫",
            "伪证",
            "拒不执行判决",
            "窝藏",
            "包庇",
            "非法行医",
            "考试作弊",
            "招摇撞骗",
            "伪造",
            "虚假诉讼",
            "催收非法债务",
        ),
    ),
    ("national_security", ("分裂国家", "颠覆国家政权", "间谍", "资敌")),
    ("national_defence", ("破坏武器装备", "冒充军人", "逃避征召")),
)


def guess(offence: str) -> str:
    """The type the offence's words point to, or "" when no keyword matches."""
    for code, words in KEYWORDS:
        if any(word in offence for word in words):
            return code
    return ""


def choices(session: Session, org_id: int | None, locale: str = "zh") -> list[tuple[str, str]]:
    """The types on at *org_id*, for the intake form's choice."""
    try:
        return code_choices(session, CODE_LIST, org_id, locale)
    except UnknownCodeList:  # a process that never booted the platform
        return [(e.code, e.label_en if locale == "en" else e.label_zh) for e in code_list().entries]


def clean(
    session: Session, raw: object, offence: str, org_id: int | None
) -> tuple[str, str | None]:
    """The type to store (picked, or guessed from the offence) and, when the pick is not on
    at *org_id*, the message for the form."""
    picked = str(raw or "").strip()
    if not picked:
        return guess(offence), None
    if picked not in {code for code, _ in choices(session, org_id)}:
        return "", N_("请从列表中选择犯罪类型")
    return picked, None


def label(session: Session, code: str, org_id: int | None, locale: str = "zh") -> str:
    """How a page names the type; an empty one is "未分类" (unclassified)."""
    if not code:
        return "Unclassified" if locale == "en" else "未分类"
    return code_label(session, CODE_LIST, code, org_id, locale)
