"""offence type (犯罪类型) as a code list: a column, filled from the offence's words

Subjects entered before the list existed get the type their offence (罪名) points to, by the
keywords of ``corrections.offence_types`` as they stood when this migration was written
(copied here, so a later change to the list cannot change what this step did). An offence
no keyword knows stays unclassified (""), for staff to pick. One set-based UPDATE per
keyword, the first match winning, so it runs in minutes at province scale, not per row.

Revision ID: corrections0005_offence_type
Revises: corrections0004_moves
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "corrections0005_offence_type"
down_revision: str | Sequence[str] | None = "corrections0004_moves"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "market_order",
        (
            "合同诈骗", "信用卡诈骗", "集资诈骗", "贷款诈骗", "保险诈骗", "票据诈骗", "骗取贷款",
            "非法吸收公众存款", "非法经营", "虚开", "走私", "生产、销售", "生产销售",
            "假冒注册商标", "销售假冒", "侵犯著作权", "逃税", "串通投标", "洗钱", "伪造货币",
            "假币",
        ),
    ),
    ("corruption", ("贪污", "受贿", "行贿", "挪用公款", "巨额财产来源不明", "私分国有资产")),
    ("dereliction", ("滥用职权", "玩忽职守", "徇私枉法", "徇私舞弊", "泄露国家秘密")),
    (
        "public_safety",
        (
            "危险驾驶", "交通肇事", "失火", "放火", "爆炸", "投放危险物质", "以危险方法", "枪支",
            "弹药", "重大责任事故", "危险作业",
        ),
    ),
    (
        "property",
        (
            "盗窃", "诈骗", "抢劫", "抢夺", "敲诈勒索", "故意毁坏财物", "职务侵占", "挪用资金",
            "侵占", "拒不支付劳动报酬", "破坏生产经营",
        ),
    ),
    (
        "person_rights",
        (
            "故意伤害", "故意杀人", "过失致人", "非法拘禁", "强奸", "猥亵", "绑架", "拐卖", "侮辱",
            "诽谤", "非法侵入住宅", "侵犯公民个人信息", "虐待", "遗弃", "重婚",
        ),
    ),
    (
        "social_order",
        (
            "寻衅滋事", "聚众斗殴", "开设赌场", "赌博", "妨害公务", "袭警", "非法采矿", "污染环境",
            "非法狩猎", "非法捕捞", "滥伐林木", "盗伐林木", "非法占用农用地", "帮助信息网络",
            "掩饰、隐瞒", "掩饰隐瞒", "毒品", "吸毒", "卖淫", "伪证", "拒不执行判决", "窝藏",
            "包庇", "非法行医", "考试作弊", "招摇撞骗", "伪造", "虚假诉讼", "催收非法债务",
        ),
    ),
    ("national_security", ("分裂国家", "颠覆国家政权", "间谍", "资敌")),
    ("national_defence", ("破坏武器装备", "冒充军人", "逃避征召")),
)  # fmt: skip


def backfill(connection: sa.Connection) -> None:
    """Classify every unclassified subject whose offence a keyword knows."""
    statement = sa.text(
        "UPDATE corrections_subject SET offence_type = :code "
        "WHERE offence_type = '' AND offence LIKE :pattern"
    )
    for code, words in KEYWORDS:
        for word in words:
            connection.execute(statement, {"code": code, "pattern": f"%{word}%"})


def upgrade() -> None:
    with op.batch_alter_table("corrections_subject", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "offence_type",
                sqlmodel.sql.sqltypes.AutoString(length=40),
                nullable=False,
                server_default="",
            )
        )
        batch_op.create_index(
            batch_op.f("ix_corrections_subject_offence_type"), ["offence_type"], unique=False
        )
    backfill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("corrections_subject", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_subject_offence_type"))
        batch_op.drop_column("offence_type")
