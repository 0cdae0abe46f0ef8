"""Code lists of the visit register: the channel a matter arrived by, and the dispute
categories offered when a matter is handed to people's mediation."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """How the matter reached the desk (信访形式)."""

    VISIT = "visit"
    LETTER = "letter"
    ONLINE = "online"


CHANNEL_LABELS: dict[str, tuple[str, str]] = {
    Channel.VISIT: ("来访", "Visit"),
    Channel.LETTER: ("来信", "Letter"),
    Channel.ONLINE: ("网上", "Online"),
}

#: Leaf codes of mediation's dispute list (mediation documents ``category_code`` as a code of
#: its two-level list). A plugin may not import mediation, so the few that a petitions desk
#: meets most are listed here; mediation refuses an unknown code with its own message.
MEDIATION_CATEGORIES: dict[str, str] = {
    "0101": "恋爱及婚姻",
    "0102": "抚养赡养监护",
    "0103": "分家与继承",
    "0201": "用水排水通行通风采光",
    "0202": "相邻土地建筑利用",
    "0299": "其他邻里纠纷",
    "0503": "交通事故",
    "0601": "消费及服务",
    "0701": "劳动合同、劳务派遣",
    "0902": "宅基地使用",
}


def channel_label(code: str, locale: str = "zh") -> str:
    zh, en = CHANNEL_LABELS.get(code, (code, code))
    return en if locale == "en" else zh
